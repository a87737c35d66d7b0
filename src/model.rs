//! Output types: a [`Document`] of [`Page`]s, each with its section label, its
//! [`Article`]s (title parts, byline, [`Block`]s in reading order), the loose fragments
//! that belong to no article, and the record of what dedupe removed.
//!
//! All types serialize with serde; the JSON is the schema that `newsprint --format json`
//! prints and the project's scorer reads.

use serde::{Deserialize, Serialize};

/// A repaired input: one [`Page`] per form-feed-separated page (empty trailing pages
/// are dropped).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The pages, in input order.
    pub pages: Vec<Page>,
}

/// One page of a [`Document`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// 1-based page number (form feeds separate pages).
    pub number: usize,
    /// The page's section label (`区域动态`), if one was found.
    pub section: Option<String>,
    /// Articles, in the order their bodies start in the input.
    pub articles: Vec<Article>,
    /// Everything that could not be attached to an article: page furniture such as
    /// `责任编辑` lines, and titles that match no body. (Bylines and pull quotes always go
    /// to the nearest article.) Nothing is dropped.
    pub loose: Vec<Block>,
    /// What the stages removed (fake-bold copies, OCR border marks, …), with where and
    /// why.
    pub removed: Vec<Removal>,
    /// Each decision and its reason, when [`crate::Config::explain`] is on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
}

/// One article: optional title parts and byline, then its blocks in reading order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The kicker (引题) set above the headline.
    pub kicker: Option<String>,
    /// The main headline (主题).
    pub headline: Option<String>,
    /// The subtitle (副题) set below the headline.
    pub subtitle: Option<String>,
    /// The byline (`本报记者 沈贞海`).
    pub byline: Option<String>,
    /// Paragraphs, subheads, captions, credits and pull quotes, in reading order.
    pub blocks: Vec<Block>,
    /// Input lines the title parts came from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title_lines: Vec<LineRange>,
    /// Input lines the byline came from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub byline_lines: Vec<LineRange>,
}

/// A unit of text with its kind and the input lines it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// The repaired text, one line.
    pub text: String,
    /// 1-based, inclusive input line ranges the block was built from.
    pub lines: Vec<LineRange>,
}

/// The kind of a [`Block`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum BlockKind {
    /// Body text.
    Paragraph,
    /// A subhead inside a long article.
    Subhead,
    /// A photo caption (`图为……`).
    Caption,
    /// A photo credit (`新华社记者 朱旭东 摄`).
    Credit,
    /// A pull quote repeating a sentence of the article.
    Pullquote,
    /// A second byline of an article (the first is [`Article::byline`]).
    Byline,
    /// A title that could not be attached to an article.
    Headline,
    /// Page furniture (`责任编辑 …`).
    Furniture,
}

/// An inclusive range of 1-based input line numbers, serialized as `[first, last]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "[usize; 2]", into = "[usize; 2]")]
pub struct LineRange {
    /// First line, 1-based.
    pub first: usize,
    /// Last line, 1-based, inclusive.
    pub last: usize,
}

impl From<[usize; 2]> for LineRange {
    fn from([first, last]: [usize; 2]) -> Self {
        LineRange { first, last }
    }
}

impl From<LineRange> for [usize; 2] {
    fn from(r: LineRange) -> Self {
        [r.first, r.last]
    }
}

impl LineRange {
    /// Compresses a sorted list of line numbers into ranges.
    pub fn from_lines(lines: impl IntoIterator<Item = usize>) -> Vec<LineRange> {
        let mut out: Vec<LineRange> = Vec::new();
        for l in lines {
            match out.last_mut() {
                Some(r) if l == r.last || l == r.last + 1 => r.last = l,
                _ => out.push(LineRange { first: l, last: l }),
            }
        }
        out
    }
}

/// Text that a stage removed, with where and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removal {
    /// 1-based input line the text was removed from (the first, for a block).
    pub line: usize,
    /// The removed text.
    pub text: String,
    /// Why it was removed.
    pub reason: RemovalReason,
}

/// Why a [`Removal`] happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RemovalReason {
    /// The second copy of runs in a run-doubled (fake-bold) line.
    DoubledRuns,
    /// The second copy of each character in a character-doubled line.
    DoubledCharacters,
    /// The fake-bold copy of a headline that a character grid (`pdftotext -layout`) set
    /// on the row below or above its original.
    DoubledRow,
    /// A line (or block of lines) repeated right after itself.
    RepeatedLine,
    /// A control character that is not text (NUL, escape, …), or a byte-order mark
    /// inside the text.
    ControlCharacter,
    /// A hyphen at a line break inside a Latin word (`infor-` + `mation`).
    Hyphenation,
    /// A mark OCR read from a box border or column rule (`|`, a line of `_` or `—`).
    OcrArtifact,
}

/// One decision of the pipeline, for `--explain`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// 1-based input line the decision is about.
    pub line: usize,
    /// What was decided (`join`, `break`, `title`, `attach`, …).
    pub action: String,
    /// Why.
    pub why: String,
}
