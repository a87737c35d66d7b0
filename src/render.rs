//! Rendering a [`Document`] as plain text or Markdown (JSON goes through serde).

use std::io::{self, Write};

use crate::model::{Article, BlockKind, Document, LineRange, Page};

/// Writes `s` and a line end: two plain writes, without the formatting machinery
/// `writeln!` goes through (these are most of the output's bytes).
fn line(w: &mut impl Write, s: &str) -> io::Result<()> {
    w.write_all(s.as_bytes())?;
    w.write_all(b"\n")
}

fn title_lines(a: &Article) -> impl Iterator<Item = &str> {
    [a.kicker.as_deref(), a.headline.as_deref(), a.subtitle.as_deref()].into_iter().flatten()
}

/// Writes plain text: per article its title lines and byline, then one block per line;
/// a blank line between articles. A page's section label comes first and its loose
/// fragments last; pages are separated by a form feed.
///
/// ```
/// let doc = newsprint::repair("本报讯 记者王磊报道 博览会举办。\n");
/// let mut out = Vec::new();
/// newsprint::render::write_text(&doc, &mut out)?;
/// assert_eq!(String::from_utf8(out)?, "本报讯 记者王磊报道 博览会举办。\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_text(doc: &Document, mut w: impl Write) -> io::Result<()> {
    // Pages that write nothing at the end (a page of control characters only, say)
    // get no form feed either: read again, the text gives the same pages back.
    let shown = |p: &Page| p.section.is_some() || !p.articles.is_empty() || !p.loose.is_empty();
    let end = doc.pages.iter().rposition(shown).map_or(0, |i| i + 1);
    for (pi, page) in doc.pages[..end].iter().enumerate() {
        if pi > 0 {
            w.write_all(b"\x0c")?;
        }
        text_lines(page, |l| match l {
            Some((t, _)) => line(&mut w, t),
            None => w.write_all(b"\n"),
        })?;
    }
    Ok(())
}

/// One line of a page's text output: its text and the input lines it came from (none
/// for the section label), or `None` for the blank line between articles.
pub(crate) type TextLine<'a> = Option<(&'a str, &'a [LineRange])>;

/// The lines [`write_text`] writes for one page, in order. The pipeline reads a page's
/// text output back through this (see `Pipeline::settle`), so the two cannot drift
/// apart.
pub(crate) fn text_lines<'a, E>(
    page: &'a Page,
    mut f: impl FnMut(TextLine<'a>) -> Result<(), E>,
) -> Result<(), E> {
    // Groups (the section, each article, the loose fragments) are parted by a blank line.
    let mut first = true;
    if let Some(s) = &page.section {
        first = false;
        f(Some((s, &[])))?;
    }
    for a in &page.articles {
        if !std::mem::replace(&mut first, false) {
            f(None)?;
        }
        for t in title_lines(a) {
            f(Some((t, &a.title_lines)))?;
        }
        if let Some(b) = &a.byline {
            f(Some((b, &a.byline_lines)))?;
        }
        for b in &a.blocks {
            f(Some((&b.text, &b.lines)))?;
        }
    }
    if !page.loose.is_empty() {
        if !first {
            f(None)?;
        }
        for b in &page.loose {
            f(Some((&b.text, &b.lines)))?;
        }
    }
    Ok(())
}

/// Writes Markdown: `##` headline with the kicker above in italics and the subtitle as
/// `###`, the byline in italics, subheads as `####`, captions and pull quotes quoted.
pub fn write_markdown(doc: &Document, mut w: impl Write) -> io::Result<()> {
    for page in &doc.pages {
        // Pages after the first are marked (a page repaired on its own renders the same).
        if page.number > 1 {
            writeln!(w, "<!-- page {} -->\n", page.number)?;
        }
        if let Some(s) = &page.section {
            writeln!(w, "# {s}\n")?;
        }
        for a in &page.articles {
            if let Some(k) = &a.kicker {
                writeln!(w, "*{k}*\n")?;
            }
            match &a.headline {
                Some(h) => writeln!(w, "## {h}\n")?,
                None => writeln!(w, "## ⁂\n")?,
            }
            if let Some(s) = &a.subtitle {
                writeln!(w, "### {s}\n")?;
            }
            if let Some(b) = &a.byline {
                writeln!(w, "*{b}*\n")?;
            }
            for b in &a.blocks {
                match b.kind {
                    BlockKind::Subhead => writeln!(w, "#### {}\n", b.text)?,
                    BlockKind::Caption | BlockKind::Pullquote => writeln!(w, "> {}\n", b.text)?,
                    BlockKind::Credit | BlockKind::Byline => writeln!(w, "*{}*\n", b.text)?,
                    BlockKind::Headline => writeln!(w, "**{}**\n", b.text)?,
                    _ => writeln!(w, "{}\n", b.text)?,
                }
            }
        }
        if !page.loose.is_empty() {
            writeln!(w, "---\n")?;
            for b in &page.loose {
                writeln!(w, "{}\n", b.text)?;
            }
        }
    }
    Ok(())
}
