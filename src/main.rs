//! `newsprint`: the command-line filter. Glue only: parse arguments, read, repair, write.
//!
//! Each file is read, repaired and written one form-feed page at a time (with
//! `--per-page` each page is also its own output document). `--jobs` worker threads
//! repair pages; output keeps input order; a window of tokens bounds the pages read but
//! not yet written to twice the number of jobs, so memory stays bounded.

use std::io::{self, BufRead, BufWriter, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Mutex, mpsc};

use clap::{Parser, ValueEnum};
use newsprint::{BlankLines, Config, Document, LineRange, Pipeline, StageMode};

/// Repair the text that PDF extractors and OCR produce from newspaper pages.
///
/// Example: pdftotext -enc UTF-8 page.pdf - | newsprint
#[derive(Debug, Parser)]
#[command(version, after_help = "Example:\n  pdftotext -enc UTF-8 page.pdf - | newsprint --format json")]
struct Args {
    /// Input files; `-` or none reads standard input.
    files: Vec<PathBuf>,
    /// Output format; `jsonl`: one compact JSON object per document.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Report every decision (join, split, dedupe, attach) and why: in the JSON, or on
    /// standard error for the other formats.
    #[arg(long)]
    explain: bool,
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Keep doubled glyphs.
    #[arg(long)]
    no_dedupe: bool,
    /// Do not split into articles.
    #[arg(long)]
    no_segment: bool,
    /// How blank lines are read.
    #[arg(long, value_enum, default_value_t = Blanks::Auto)]
    blank_lines: Blanks,
    /// When to split space-aligned columns (`pdftotext -layout`): auto splits pages that
    /// look space-aligned.
    #[arg(long, value_enum, default_value_t = Switch::Auto)]
    columns: Switch,
    /// When to clean up OCR text (half-width punctuation in Chinese, OCR spaces, border
    /// marks): auto cleans pages that look like OCR output.
    #[arg(long, value_enum, default_value_t = Switch::Auto)]
    ocr: Switch,
    /// When to separate columns emitted line by line (A1, B1, A2, B2 …) into threads:
    /// auto reorders blank-separated stretches where threading clearly fits better.
    #[arg(long, value_enum, default_value_t = Switch::Auto)]
    interleave: Switch,
    /// When to read text as already one paragraph per line, each line as it stands and
    /// blank lines as article breaks (newsprint's own text output): auto when the page
    /// looks so; always reads any input so (re-reading newsprint's text output gives it
    /// back unchanged).
    #[arg(long, value_enum, default_value_t = Switch::Auto)]
    reflowed: Switch,
    /// Treat each form-feed page of each file as its own document (with `jsonl`: one
    /// object per page, carrying its page number; line numbers stay those of the file).
    #[arg(long)]
    per_page: bool,
    /// Documents repaired in parallel [default: the number of cores].
    #[arg(long, short)]
    jobs: Option<NonZeroUsize>,
}

#[derive(Debug, Clone, Copy, PartialEq, ValueEnum)]
enum Format {
    Text,
    Json,
    Jsonl,
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
/// `auto|always|never`, for the prepass flags.
enum Switch {
    Auto,
    Always,
    Never,
}

impl From<Switch> for StageMode {
    fn from(s: Switch) -> Self {
        match s {
            Switch::Auto => StageMode::Auto,
            Switch::Always => StageMode::Always,
            Switch::Never => StageMode::Never,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Blanks {
    Auto,
    Break,
    Ignore,
}

impl Args {
    fn config(&self) -> Config {
        let blanks = match self.blank_lines {
            Blanks::Auto => BlankLines::Auto,
            Blanks::Break => BlankLines::Break,
            Blanks::Ignore => BlankLines::Ignore,
        };
        Config::new()
            .explain(self.explain)
            .dedupe(!self.no_dedupe)
            .segment(!self.no_segment)
            .blank_lines(blanks)
            .columns(self.columns.into())
            .ocr(self.ocr.into())
            .interleave(self.interleave.into())
            .reflowed(self.reflowed.into())
    }
}

/// Errors of the binary: the library's, plus which file.
#[derive(Debug)]
enum CliError {
    Input { source: String, err: newsprint::Error },
    Io { source: String, err: io::Error },
}

/// One unit of work: one form-feed page of a file. Files are read and repaired page by
/// page, so memory stays bounded by the pages in flight, whatever the input's size.
struct Job {
    name: String,
    /// 1-based page number.
    page: usize,
    /// Line breaks in the file before this page (to give back the file's line numbers).
    shift: usize,
    /// First and last page of its file (for the JSON framing of a whole file).
    first: bool,
    last: bool,
    text: String,
}

/// A repaired document, rendered: (standard output, standard error).
type Rendered = Result<Bufs, CliError>;
type Bufs = (Vec<u8>, Vec<u8>);

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Io { err, .. }) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            match e {
                CliError::Input { source, err } => eprintln!("newsprint: {source}: {err}"),
                CliError::Io { source, err } => eprintln!("newsprint: {source}: {err}"),
            }
            ExitCode::from(1)
        }
    }
}

/// Reads one input page by page (a page ends at a form feed), decodes each, and hands
/// them to `send`; stops when `send` says so (the writer has stopped). Trailing pages
/// that hold only whitespace are dropped, as the library does.
fn read_jobs(args: &Args, path: &PathBuf, send: &mut impl FnMut(Result<Job, CliError>) -> bool) -> bool {
    let name = path.display().to_string();
    let reader: io::Result<Box<dyn BufRead>> = if name == "-" {
        Ok(Box::new(io::stdin().lock()))
    } else {
        std::fs::File::open(path)
            .map(|f| Box::new(io::BufReader::with_capacity(1 << 16, f)) as Box<dyn BufRead>)
    };
    let mut reader = match reader {
        Ok(r) => r,
        Err(err) => return send(Err(CliError::Io { source: name, err })),
    };
    let (mut offset, mut shift, mut page) = (0usize, 0usize, 0usize);
    // The last page with text, held back until we know whether it is the file's last,
    // and the whitespace-only pages after it.
    let mut pending: Option<Job> = None;
    let mut empties: Vec<Job> = Vec::new();
    let mut emitted = false;
    let mut emit = |job: Job, last: bool, emitted: &mut bool| {
        let job = Job { first: !*emitted, last, ..job };
        *emitted = true;
        send(Ok(job))
    };
    loop {
        let mut bytes = Vec::new();
        match reader.read_until(b'\x0c', &mut bytes) {
            Ok(0) if page > 0 => break,
            Ok(_) => {}
            Err(err) => return send(Err(CliError::Io { source: name, err })),
        }
        let at_end = bytes.last() != Some(&b'\x0c');
        if !at_end {
            bytes.pop();
        }
        let text = if args.lossy {
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let err = newsprint::Error::InvalidUtf8 { offset: offset + e.utf8_error().valid_up_to() };
                    return send(Err(CliError::Input { source: name, err }));
                }
            }
        };
        offset += text.len() + usize::from(!at_end);
        page += 1;
        let breaks = text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count();
        let blank = text.trim().is_empty();
        let job = Job { name: name.clone(), page, shift, first: false, last: false, text };
        shift += breaks;
        if blank && (pending.is_some() || emitted) {
            empties.push(job);
        } else if blank {
            pending = Some(job);
        } else {
            if let Some(p) = pending.take() {
                if !emit(p, false, &mut emitted) {
                    return false;
                }
            }
            for e in empties.drain(..) {
                if !emit(e, false, &mut emitted) {
                    return false;
                }
            }
            pending = Some(job);
        }
        if at_end {
            break;
        }
    }
    match pending {
        Some(p) => emit(p, true, &mut emitted),
        None => true,
    }
}

fn run(args: &Args) -> Result<(), CliError> {
    let pipeline = Pipeline::new(args.config());
    let files = if args.files.is_empty() { vec![PathBuf::from("-")] } else { args.files.clone() };
    let jobs = args.jobs.or_else(|| std::thread::available_parallelism().ok()).map_or(1, NonZeroUsize::get);
    // Tokens: a document is read only when one is free; the writer frees one per
    // document written. Work goes to the workers in input order through `work`.
    let (token_tx, token_rx) = mpsc::sync_channel::<()>(2 * jobs);
    (0..2 * jobs).for_each(|_| token_tx.send(()).expect("room for every token"));
    let (work_tx, work_rx) = mpsc::sync_channel::<(usize, Result<Job, CliError>)>(jobs);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Rendered)>();
    let work_rx = Mutex::new(work_rx);
    std::thread::scope(|s| {
        for _ in 0..jobs {
            let (work_rx, done_tx, pipeline) = (&work_rx, done_tx.clone(), &pipeline);
            s.spawn(move || {
                // After the writer stops, keep draining (without work) so the reader never blocks.
                let mut live = true;
                loop {
                    let next = work_rx.lock().expect("no worker panics").recv(); // guard dropped here
                    let Ok((i, job)) = next else { break };
                    if live {
                        live = done_tx
                            .send((i, job.map(|job| render(args, pipeline, job).expect("writing to memory"))))
                            .is_ok();
                    }
                }
            });
        }
        drop(done_tx);
        let writer = s.spawn(move || write_in_order(done_rx, token_tx));
        let mut i = 0;
        let mut send = |job| {
            let ok = token_rx.recv().is_ok() && work_tx.send((i, job)).is_ok();
            i += 1;
            ok
        };
        for path in &files {
            if !read_jobs(args, path, &mut send) {
                break;
            }
        }
        drop(work_tx);
        writer.join().expect("writer does not panic")
    })
}

/// Writes rendered documents to standard output in input order; stops at the first error.
fn write_in_order(
    done: mpsc::Receiver<(usize, Rendered)>,
    tokens: mpsc::SyncSender<()>,
) -> Result<(), CliError> {
    let io_err = |err| CliError::Io { source: "stdout".into(), err };
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut pending = std::collections::BTreeMap::new();
    let mut next = 0;
    for (i, rendered) in done {
        pending.insert(i, rendered);
        while let Some(rendered) = pending.remove(&next) {
            let (text, explain) = rendered?;
            if !explain.is_empty() {
                out.flush().map_err(io_err)?;
                io::stderr()
                    .write_all(&explain)
                    .map_err(|err| CliError::Io { source: "stderr".into(), err })?;
            }
            out.write_all(&text).map_err(io_err)?;
            next += 1;
            let _ = tokens.send(());
        }
    }
    out.flush().map_err(io_err)
}

/// Gives a page repaired on its own its page number and the file's line numbers.
fn renumber(doc: &mut Document, number: usize, shift: usize) {
    for p in &mut doc.pages {
        p.number = number;
        let mv = |r: &mut LineRange| (r.first, r.last) = (r.first + shift, r.last + shift);
        for a in &mut p.articles {
            a.title_lines.iter_mut().chain(a.blocks.iter_mut().flat_map(|b| b.lines.iter_mut())).for_each(mv);
        }
        p.loose.iter_mut().flat_map(|b| b.lines.iter_mut()).for_each(mv);
        p.removed.iter_mut().for_each(|r| r.line += shift);
        p.decisions.iter_mut().for_each(|d| d.line += shift);
    }
}

/// Repairs one page and renders it: (standard output, standard error). Without
/// `--per-page` a page is one part of its file's document: the JSON object of the file
/// opens with its first page and closes with its last.
fn render(args: &Args, pipeline: &Pipeline, job: Job) -> io::Result<Bufs> {
    #[derive(serde::Serialize)]
    struct WithSource<'a> {
        source: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        page: Option<usize>,
        #[serde(flatten)]
        doc: &'a Document,
    }
    let mut doc = pipeline.repair(&job.text);
    renumber(&mut doc, job.page, job.shift);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    match args.format {
        Format::Json | Format::Jsonl if args.per_page => {
            let with_source = WithSource { source: &job.name, page: Some(job.page), doc: &doc };
            if args.format == Format::Json {
                serde_json::to_writer_pretty(&mut out, &with_source)?;
            } else {
                serde_json::to_writer(&mut out, &with_source)?;
            }
            out.push(b'\n');
        }
        Format::Json | Format::Jsonl => {
            let pretty = args.format == Format::Json;
            if job.first {
                let source = serde_json::to_string(&job.name)?;
                if pretty {
                    write!(out, "{{\n  \"source\": {source},\n  \"pages\": [\n")?;
                } else {
                    write!(out, "{{\"source\":{source},\"pages\":[")?;
                }
            } else {
                out.extend_from_slice(if pretty { b",\n" } else { b"," });
            }
            for p in &doc.pages {
                if pretty {
                    serde_json::to_writer_pretty(&mut out, p)?;
                } else {
                    serde_json::to_writer(&mut out, p)?;
                }
            }
            if job.last {
                out.extend_from_slice(if pretty { b"\n  ]\n}\n" } else { b"]}\n" });
            }
        }
        Format::Text | Format::Markdown => {
            for d in doc.pages.iter().flat_map(|p| &p.decisions) {
                writeln!(err, "{}:{}: {}: {}", job.name, d.line, d.action, d.why)?;
            }
            match args.format {
                Format::Text => {
                    if job.page > 1 {
                        out.push(b'\x0c');
                    }
                    newsprint::render::write_text(&doc, &mut out)?
                }
                _ => newsprint::render::write_markdown(&doc, &mut out)?,
            }
        }
    }
    Ok((out, err))
}
