//! `newsprint`: the command-line filter. Glue only: parse arguments, read, repair, write.

use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use newsprint::{BlankLines, Config, Document, Pipeline};

/// Repair the text that PDF extractors and OCR produce from newspaper pages.
///
/// Example: pdftotext -enc UTF-8 page.pdf - | newsprint
#[derive(Debug, Parser)]
#[command(version, after_help = "Example:\n  pdftotext -enc UTF-8 page.pdf - | newsprint --format json")]
struct Args {
    /// Input files; `-` or none reads standard input.
    files: Vec<PathBuf>,
    /// Output format.
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
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
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

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Io { err, .. }) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(CliError::Input { source, err }) => {
            eprintln!("newsprint: {source}: {err}");
            ExitCode::from(1)
        }
        Err(CliError::Io { source, err }) => {
            eprintln!("newsprint: {source}: {err}");
            ExitCode::from(1)
        }
    }
}

fn read_input(path: &PathBuf) -> Result<(String, Vec<u8>), CliError> {
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    let res = if name == "-" {
        io::stdin().lock().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    res.map_err(|err| CliError::Io { source: name.clone(), err })?;
    Ok((name, bytes))
}

fn run(args: &Args) -> Result<(), CliError> {
    let pipeline = Pipeline::new(args.config());
    let files = if args.files.is_empty() { vec![PathBuf::from("-")] } else { args.files.clone() };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let io_err = |err| CliError::Io { source: "stdout".into(), err };
    for path in &files {
        let (name, bytes) = read_input(path)?;
        let text = if args.lossy {
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            newsprint::decode(&bytes)
                .map_err(|err| CliError::Input { source: name.clone(), err })?
                .to_string()
        };
        let doc = pipeline.repair(&text);
        write_doc(args, &name, &doc, &mut out).map_err(io_err)?;
    }
    out.flush().map_err(io_err)
}

fn write_doc(args: &Args, name: &str, doc: &Document, out: &mut impl Write) -> io::Result<()> {
    match args.format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct WithSource<'a> {
                source: &'a str,
                #[serde(flatten)]
                doc: &'a Document,
            }
            serde_json::to_writer_pretty(&mut *out, &WithSource { source: name, doc })?;
            out.write_all(b"\n")
        }
        Format::Text | Format::Markdown => {
            if args.explain {
                let err = io::stderr();
                let mut err = err.lock();
                for p in &doc.pages {
                    for d in &p.decisions {
                        writeln!(err, "{name}:{}: {}: {}", d.line, d.action, d.why)?;
                    }
                }
            }
            match args.format {
                Format::Text => newsprint::render::write_text(doc, out),
                _ => newsprint::render::write_markdown(doc, out),
            }
        }
    }
}
