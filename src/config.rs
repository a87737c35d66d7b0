//! Configuration: one [`Config`] with a nested config per stage.

/// Configuration of the whole pipeline. Build it once and reuse it.
///
/// ```
/// use newsprint::Config;
/// let c = Config::new();
/// assert!(c.dedupe.enabled);
/// assert_eq!(c.dedupe.min_partial, 3);
/// assert_eq!(c.dedupe.max_graphemes, 160);
/// assert_eq!(c.reflow.blank_lines, newsprint::BlankLines::Auto);
/// assert_eq!(c.reflow.measure_window, 8);
/// assert!(c.segment.enabled);
/// assert_eq!(c.segment.min_title_similarity, 0.15);
/// assert_eq!(c.segment.min_subhead_cohesion, 0.12);
/// assert_eq!(c.columns, newsprint::columns::ColumnMode::Auto);
/// assert_eq!(c.ocr, newsprint::ocr::OcrMode::Auto);
/// assert_eq!(c.interleave, newsprint::interleave::InterleaveMode::Auto);
/// assert!(!c.explain);
/// let c = Config::new().explain(true).dedupe(false);
/// assert!(c.explain && !c.dedupe.enabled);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Config {
    /// Reflow settings.
    pub reflow: ReflowConfig,
    /// Dedupe settings.
    pub dedupe: DedupeConfig,
    /// Article segmentation settings.
    pub segment: SegmentConfig,
    /// When to split space-aligned columns (`pdftotext -layout`) before reflow.
    pub columns: crate::columns::ColumnMode,
    /// When to clean up OCR text (half-width punctuation, OCR spaces, border marks)
    /// before reflow; see [`crate::ocr`].
    pub ocr: crate::ocr::OcrMode,
    /// When to de-interleave columns emitted line by line (pdftotext, pdfminer).
    pub interleave: crate::interleave::InterleaveMode,
    /// When a page is read as already one paragraph per line (newsprint's own text
    /// output): each line as it stands, no line joined to another, no prepass, no
    /// dedupe, every blank line an article break. `Auto` decides per page
    /// ([`crate::reflow`]'s verdict: most text in lines wider than any column, ending
    /// sentences); `Always` is for re-reading newsprint's text output, which it gives
    /// back unchanged. With `Auto` (and no prepass forced `Always`) a page whose text
    /// output would not read back unchanged is settled: repaired again from that output
    /// until it does (see [`crate::Pipeline`]), so a second run changes nothing.
    pub reflowed: StageMode,
    /// Record every decision in [`crate::Page::decisions`].
    pub explain: bool,
}

impl Config {
    /// The defaults.
    pub const fn new() -> Self {
        Config {
            reflow: ReflowConfig::new(),
            dedupe: DedupeConfig::new(),
            segment: SegmentConfig::new(),
            columns: crate::columns::ColumnMode::Auto,
            ocr: crate::ocr::OcrMode::Auto,
            interleave: crate::interleave::InterleaveMode::Auto,
            reflowed: StageMode::Auto,
            explain: false,
        }
    }

    /// Turns `--explain` decision records on or off.
    pub const fn explain(mut self, on: bool) -> Self {
        self.explain = on;
        self
    }

    /// Turns doubled-glyph removal on or off.
    pub const fn dedupe(mut self, on: bool) -> Self {
        self.dedupe.enabled = on;
        self
    }

    /// Turns article segmentation on or off (off: one article per page, every block a
    /// paragraph or title in input order).
    pub const fn segment(mut self, on: bool) -> Self {
        self.segment.enabled = on;
        self
    }

    /// Sets when space-aligned columns are split.
    pub const fn columns(mut self, mode: crate::columns::ColumnMode) -> Self {
        self.columns = mode;
        self
    }

    /// Sets when OCR text is cleaned up.
    pub const fn ocr(mut self, mode: crate::ocr::OcrMode) -> Self {
        self.ocr = mode;
        self
    }

    /// Sets when interleaved columns are separated into threads.
    pub const fn interleave(mut self, mode: crate::interleave::InterleaveMode) -> Self {
        self.interleave = mode;
        self
    }

    /// Sets when a page is read as already one paragraph per line.
    pub const fn reflowed(mut self, mode: StageMode) -> Self {
        self.reflowed = mode;
        self
    }

    /// Sets how blank lines are read.
    pub const fn blank_lines(mut self, mode: BlankLines) -> Self {
        self.reflow.blank_lines = mode;
        self
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

impl From<&Config> for Config {
    fn from(c: &Config) -> Self {
        c.clone()
    }
}

/// When an input-specific stage (column splitting, de-interleaving, OCR clean-up) runs.
/// The three stages share it; each stage's docs say what "looks like" means for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum StageMode {
    /// Run on the pages that look like they need the stage.
    #[default]
    Auto,
    /// Run on every page.
    Always,
    /// Never run.
    Never,
}

/// How blank lines are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlankLines {
    /// Decide per stretch of the page: where nearly every line is followed by a blank
    /// line, blanks carry no meaning; elsewhere a blank line ends a block.
    Auto,
    /// A blank line always ends a block.
    Break,
    /// Blank lines never mean anything.
    Ignore,
}

/// Reflow settings.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ReflowConfig {
    /// How blank lines are read.
    pub blank_lines: BlankLines,
    /// Lines on each side compared when looking for a change of column measure.
    pub measure_window: usize,
}

impl ReflowConfig {
    /// The defaults.
    pub const fn new() -> Self {
        ReflowConfig { blank_lines: BlankLines::Auto, measure_window: 8 }
    }
}

impl Default for ReflowConfig {
    fn default() -> Self {
        ReflowConfig::new()
    }
}

/// Dedupe settings.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DedupeConfig {
    /// Remove fake-bold doubling at all.
    pub enabled: bool,
    /// A doubled stretch at the start or end of a line (not the whole line) is removed
    /// only when its single copy has at least this many graphemes.
    pub min_partial: usize,
    /// Lines longer than this (in graphemes) are never checked: headlines are short, and
    /// this bounds the work per line.
    pub max_graphemes: usize,
}

impl DedupeConfig {
    /// The defaults.
    pub const fn new() -> Self {
        DedupeConfig { enabled: true, min_partial: 3, max_graphemes: 160 }
    }
}

impl Default for DedupeConfig {
    fn default() -> Self {
        DedupeConfig::new()
    }
}

/// Article segmentation settings.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SegmentConfig {
    /// Split pages into articles and attach titles at all.
    pub enabled: bool,
    /// Minimum title–body similarity (share of the title's character bigrams, weighted
    /// by rarity on the page, found in the body) to attach a title.
    pub min_title_similarity: f32,
    /// Below this cohesion between the text before and after a title inside the body,
    /// the title starts a new article instead of being a subhead.
    pub min_subhead_cohesion: f32,
}

impl SegmentConfig {
    /// The defaults.
    pub const fn new() -> Self {
        SegmentConfig { enabled: true, min_title_similarity: 0.15, min_subhead_cohesion: 0.12 }
    }
}

impl Default for SegmentConfig {
    fn default() -> Self {
        SegmentConfig::new()
    }
}
