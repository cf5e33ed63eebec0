//! `shiryo bench`: warm build time and peak memory of a year, beside stock
//! typst compiling the emitted source (the floor of our overhead).

use std::process::{Command, ExitCode};
use std::time::Instant;

use shiryo::error::{Error, Result};
use shiryo::messages::Lang;
use shiryo::pipeline::{self, Options};

use super::args::{BenchArgs, SampleArgs};
use shiryo::sample;

pub fn run(a: &BenchArgs, lang: Lang) -> Result<ExitCode> {
    if a.ingest {
        return ingest(a, lang);
    }
    let options = Options::default();
    let start = Instant::now();
    let (_, pages, _) = pipeline::render_pdf(&a.year, &options, &mut |_| {})?;
    let cold = start.elapsed().as_secs_f64();
    let mut times = Vec::new();
    for _ in 0..a.runs.max(1) {
        let t = Instant::now();
        pipeline::render_pdf(&a.year, &options, &mut |_| {})?;
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!("year: {} ({pages} pages)", a.year.display());
    println!("first build in process: {cold:.3} s");
    println!("warm build (median of {}): {median:.3} s (min {:.3}, max {:.3})", times.len(), times[0], times[times.len() - 1]);
    println!("peak memory (VmHWM): {} MB", peak_mb().map_or("?".into(), |m| m.to_string()));
    if a.stock {
        // Stock typst (PyPI) on the emitted source, measured in the same run.
        let dir = tempfile::tempdir().map_err(|e| Error::io(".", e))?;
        pipeline::emit_typst(&a.year, dir.path(), &options)?;
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/stock_typst.py");
        let o = Command::new("python3")
            .arg(script)
            .arg(dir.path())
            .arg(a.runs.to_string())
            .output()
            .map_err(|e| Error::io("python3", e))?;
        if !o.status.success() {
            return Err(Error::Pdf(format!(
                "stock typst failed (pip install typst==0.15.2): {}",
                String::from_utf8_lossy(&o.stderr)
            )));
        }
        print!("{}", String::from_utf8_lossy(&o.stdout));
    }
    if let Some(n) = a.national {
        national(&a.year, n)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Synthetic national years of 1, 8 and `n` prefectures: generate, then build
/// one PDF per prefecture on every core; time per size shows the cost is linear.
fn national(base: &std::path::Path, n: usize) -> Result<()> {
    let base = shiryo::store::load(base)?;
    println!("prefectures | units | pages | build s | s per 100 units");
    let mut sizes = vec![1, 8, n];
    sizes.dedup();
    for p in sizes {
        let dir = tempfile::tempdir().map_err(|e| Error::io(".", e))?;
        let dirs = sample::generate(&base, p, 1, &dir.path().join("in"))?;
        let units: usize = dirs
            .iter()
            .map(|d| std::fs::read_dir(d.join("units")).map(|r| r.count()).unwrap_or(0))
            .sum();
        let t = Instant::now();
        let built = pipeline::build_many(&dirs, &dir.path().join("out"), &Options::default());
        let secs = t.elapsed().as_secs_f64();
        let mut pages = 0;
        for b in built {
            pages += b?.pages;
        }
        println!("{p:>11} | {units:>5} | {pages:>5} | {secs:>7.2} | {:>6.3}", secs * 100.0 / units as f64);
    }
    println!("peak memory (VmHWM): {} MB", peak_mb().map_or("?".into(), |m| m.to_string()));
    Ok(())
}

/// `shiryo sample`: write a synthetic national year.
pub fn sample(a: &SampleArgs, _lang: Lang) -> Result<ExitCode> {
    let base = shiryo::store::load(&a.from)?;
    let dirs = sample::generate(&base, a.prefectures.clamp(1, 47), a.seed, &a.output)?;
    eprintln!("{} prefecture year(s) written under {}", dirs.len(), a.output.display());
    Ok(ExitCode::SUCCESS)
}

/// Peak resident memory of this process, from /proc (Linux).
fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// A copy of a year's four prefecture files, without units or centres: where the workbooks go.
fn bare_year(from: &std::path::Path, to: &std::path::Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(|e| Error::io(to, e))?;
    for f in [shiryo::store::PACKET, shiryo::store::SCHEDULE, shiryo::store::PROGRAMMES, shiryo::store::BLOCKS] {
        std::fs::copy(from.join(f), to.join(f)).map_err(|e| Error::io(from.join(f), e))?;
    }
    Ok(())
}

/// `bench --ingest`: the year's forms ingested into a year without units (warm median),
/// and with `--national N`, N synthetic prefectures' forms, one ingest per prefecture.
fn ingest(a: &BenchArgs, lang: Lang) -> Result<ExitCode> {
    use shiryo::ingest::{self as intake, Options as IngestOptions};
    let dir = tempfile::tempdir().map_err(|e| Error::io(".", e))?;
    let forms = dir.path().join("forms");
    let n = shiryo::form::write_forms(&a.year, None, None, &forms)?.len();
    let options = IngestOptions { lang, ..IngestOptions::default() };
    let mut times = Vec::new();
    for run in 0..a.runs.max(1) + 1 {
        let year = dir.path().join(format!("y{run}"));
        bare_year(&a.year, &year)?;
        let t = Instant::now();
        let done = intake::ingest(&forms, &year, &options)?;
        let secs = t.elapsed().as_secs_f64();
        if done.needs_attention() {
            return Err(Error::Workbook("a sample workbook was not accepted".into()));
        }
        if run > 0 {
            times.push(secs); // the first run warms the caches
        }
    }
    times.sort_by(f64::total_cmp);
    println!("ingest: {n} workbooks of {}", a.year.display());
    println!("warm ingest (median of {}): {:.3} s (min {:.3}, max {:.3})", times.len(), times[times.len() / 2], times[0], times[times.len() - 1]);
    if let Some(p) = a.national {
        let base = shiryo::store::load(&a.year)?;
        let dirs = sample::generate(&base, p.clamp(1, 47), 1, &dir.path().join("national"))?;
        let mut jobs = Vec::new();
        let mut total = 0;
        for (i, d) in dirs.iter().enumerate() {
            let f = dir.path().join(format!("nforms{i}"));
            total += shiryo::form::write_forms(d, None, None, &f)?.len();
            let y = dir.path().join(format!("ny{i}"));
            bare_year(d, &y)?;
            jobs.push((f, y));
        }
        let t = Instant::now();
        for (f, y) in &jobs {
            intake::ingest(f, y, &options)?;
        }
        let secs = t.elapsed().as_secs_f64();
        println!("national: {} prefectures, {total} workbooks ingested in {secs:.2} s ({:.2} ms per workbook)", dirs.len(), secs * 1000.0 / total.max(1) as f64);
    }
    println!("peak memory (VmHWM): {} MB", peak_mb().map_or("?".into(), |m| m.to_string()));
    Ok(ExitCode::SUCCESS)
}
