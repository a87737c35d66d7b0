//! `newsprint`: the command-line filter. Glue only: parse arguments, read, repair, write.
//!
//! Documents (each file, or with `--per-page` each form-feed page) are repaired by
//! `--jobs` worker threads and written in input order; a window of tokens bounds the
//! documents read but not yet written to twice the number of jobs.

use std::io::{self, BufWriter, Read, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Mutex, mpsc};

use clap::{Parser, ValueEnum};
use newsprint::{BlankLines, Config, Document, LineRange, Pipeline};

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
    }
}

/// Errors of the binary: the library's, plus which file.
#[derive(Debug)]
enum CliError {
    Input { source: String, err: newsprint::Error },
    Io { source: String, err: io::Error },
}

/// One unit of work: a file, or one page of it (page number, line breaks before it).
struct Job {
    name: String,
    page: Option<(usize, usize)>,
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

/// Reads and decodes one input, then hands its documents to `send`; stops when
/// `send` says so (the writer has stopped).
fn read_jobs(args: &Args, path: &PathBuf, send: &mut impl FnMut(Result<Job, CliError>) -> bool) -> bool {
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    let res = if name == "-" {
        io::stdin().lock().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    if let Err(err) = res {
        return send(Err(CliError::Io { source: name, err }));
    }
    let text = if args.lossy {
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        match newsprint::decode(&bytes) {
            Ok(_) => String::from_utf8(bytes).expect("decoded"),
            Err(err) => return send(Err(CliError::Input { source: name, err })),
        }
    };
    if !args.per_page {
        return send(Ok(Job { name, page: None, text }));
    }
    let mut pages: Vec<&str> = text.split('\u{c}').collect();
    while pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    let mut shift = 0;
    for (i, page) in pages.iter().enumerate() {
        let job = Job { name: name.clone(), page: Some((i + 1, shift)), text: page.to_string() };
        shift += page.matches('\n').count() + page.matches('\r').count() - page.matches("\r\n").count();
        if !send(Ok(job)) {
            return false;
        }
    }
    true
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
fn renumber(doc: &mut Document, number: usize, shift: usize) -> usize {
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
    number
}

/// Repairs one document and renders it: (standard output, standard error).
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
    let page = job.page.map(|(n, shift)| renumber(&mut doc, n, shift));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let with_source = WithSource { source: &job.name, page, doc: &doc };
    match args.format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &with_source)?,
        Format::Jsonl => serde_json::to_writer(&mut out, &with_source)?,
        Format::Text | Format::Markdown => {
            for d in doc.pages.iter().flat_map(|p| &p.decisions) {
                writeln!(err, "{}:{}: {}: {}", job.name, d.line, d.action, d.why)?;
            }
            // A page on its own: mark it as the whole file's rendering does.
            match (args.format, page) {
                (Format::Text, Some(n)) if n > 1 => out.push(b'\x0c'),
                (Format::Markdown, Some(n)) => writeln!(out, "<!-- page {n} -->\n")?,
                _ => {}
            }
            match args.format {
                Format::Text => newsprint::render::write_text(&doc, &mut out)?,
                _ => newsprint::render::write_markdown(&doc, &mut out)?,
            }
            return Ok((out, err));
        }
    }
    out.push(b'\n');
    Ok((out, err))
}
