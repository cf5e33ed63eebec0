//! `shiryo bench`: warm build time and peak memory of a year, beside stock
//! typst compiling the emitted source (the floor of our overhead).

use std::process::{Command, ExitCode};
use std::time::Instant;

use shiryo::error::{Error, Result};
use shiryo::messages::Lang;
use shiryo::pipeline::{self, Options};

use super::args::BenchArgs;

pub fn run(a: &BenchArgs, _lang: Lang) -> Result<ExitCode> {
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
    Ok(ExitCode::SUCCESS)
}

/// Peak resident memory of this process, from /proc (Linux).
fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
