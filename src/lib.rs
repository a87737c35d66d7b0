//! # Overview
//!
//! newsprint turns the broken plain text that PDF extractors (`pdftotext`, pdfminer,
//! PyMuPDF, pypdf) and OCR produce from newspaper pages — Chinese first — back into clean
//! articles. It reflows column-broken lines into paragraphs, joins line breaks the way
//! CJK text wants, removes the doubled glyphs of fake-bold headlines without touching
//! real reduplication, and separates the page into articles with their titles, bylines,
//! subheads, captions and credits re-attached.
//!
//! # Pipeline
//!
//! Each page (form feed separated) goes through these stages, each a public module with
//! documented input and output:
//!
//! 0. [`input`]: raw text → numbered non-blank lines, blank lines judged meaningful or not;
//! 1. [`Prepass`]es (input-specific): [`columns`] splits space-aligned `-layout` text
//!    into column streams (on when a page looks space-aligned); [`interleave`] separates
//!    columns emitted line by line (A1, B1, A2, B2 …) into threads; [`ocr`] cleans up
//!    OCR text (half-width punctuation, OCR spaces, border marks; on when a page looks
//!    like OCR output); more can be added with
//!    [`Pipeline::with_prepass`];
//! 2. [`dedupe`]: fake-bold doubling removed, every removal recorded;
//! 3. [`reflow`]: lines → paragraphs and standalone title lines, by column measure,
//!    first-line indent and sentence ends; [`join`] makes each paragraph one line;
//! 4. [`segment`]: paragraphs and titles → articles.
//!
//! # Example
//!
//! ```
//! // A column with a blank line after every line, as some extractors emit it.
//! let text = "近年来，河北省雄安新区在容\n\n东片区、容西片区等集中建成区开\n\n设“养老驿站”，为辖区老年人提供\n\n日间生活照料。\n";
//! let doc = newsprint::repair(text);
//! let para = &doc.pages[0].articles[0].blocks[0];
//! assert_eq!(para.text, "近年来，河北省雄安新区在容东片区、容西片区等集中建成区开设“养老驿站”，为辖区老年人提供日间生活照料。");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # CJK rules
//!
//! Implemented: the CSS Text 3 segment-break rules for joining (no space between wide
//! characters, none next to ambiguous-width CJK punctuation, a space between Hangul and
//! between Latin words), Latin hyphenation repair (drop `-` only before a lowercase
//! letter), line widths from East Asian Width (`unicode-width`), sentence ends seen
//! through closing quotes, and Chinese kinsoku sets in [`cjk`]. Not implemented: UAX #14
//! line breaking (we join lines, we never break them), full-width/half-width
//! normalisation of punctuation outside OCR text (see [`ocr`]), and
//! traditional/simplified conversion.
//!
//! # Crate features
//!
//! None; the output types always derive serde.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(missing_debug_implementations)]

pub mod cjk;
pub mod columns;
mod config;
pub mod dedupe;
mod error;
pub mod input;
pub mod interleave;
pub mod join;
mod model;
pub mod ocr;
mod ocr_units;
mod patterns;
mod pipeline;
pub mod reflow;
pub mod render;
pub mod segment;

pub use config::{BlankLines, Config, DedupeConfig, ReflowConfig, SegmentConfig, StageMode};
pub use error::{Error, Result, decode};
pub use model::{Article, Block, BlockKind, Decision, Document, LineRange, Page, Removal, RemovalReason};
pub use pipeline::{Pipeline, Prepass};

/// Repairs a page (or several, separated by form feeds) with the default [`Config`].
///
/// ```
/// let doc = newsprint::repair("雄雄安安新新区区\n近年来，雄安新区开设养老驿站。\n");
/// assert_eq!(doc.pages[0].articles[0].headline.as_deref(), Some("雄安新区"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn repair(text: &str) -> Document {
    Pipeline::new(Config::new()).repair(text)
}

/// Repairs text with a given configuration.
///
/// ```
/// use newsprint::{repair_with, Config};
/// let doc = repair_with("雄雄安安新新区区\n", Config::new().dedupe(false));
/// assert!(doc.pages[0].removed.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn repair_with(text: &str, config: impl Into<Config>) -> Document {
    Pipeline::new(config).repair(text)
}

/// Collects into a vector sized for `bound` items, an upper bound the caller knows (a
/// filter over `0..n` holds at most `n`): one allocation, where `collect` of an
/// iterator whose lower size hint is 0 starts at four items and regrows by doubling.
pub(crate) fn collect_bounded<T>(bound: usize, it: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut v = Vec::with_capacity(bound);
    v.extend(it);
    v
}

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
