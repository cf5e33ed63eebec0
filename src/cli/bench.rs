//! `shiryo bench`: warm build time and peak memory of a year, beside stock
//! typst compiling the emitted source (the floor of our overhead).

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

use shiryo::error::{Error, Result};
use shiryo::messages::Lang;
use shiryo::outputs::pipeline::{self, Options};

use super::args::{BenchArgs, SampleArgs};
use shiryo::store::sample;

pub fn run(a: &BenchArgs, lang: Lang) -> Result<ExitCode> {
    if a.ingest {
        return ingest(a, lang);
    }
    if a.desk {
        return desk(a);
    }
    let options = Options::default();
    let start = Instant::now();
    let pages = pipeline::render_pdf(&a.year, &options, &mut |_| {})?.1.doc.pages().len();
    let cold = start.elapsed().as_secs_f64();
    let mut times = Vec::new();
    for _ in 0..a.runs.max(1) {
        let t = Instant::now();
        pipeline::render_pdf(&a.year, &options, &mut |_| {})?;
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    say!("year: {} ({pages} pages)", a.year.display());
    say!("first build in process: {cold:.3} s");
    say!("warm build (median of {}): {median:.3} s (min {:.3}, max {:.3})", times.len(), times[0], times[times.len() - 1]);
    say!("peak memory (VmHWM): {} MB", peak_mb().map_or("?".into(), |m| m.to_string()));
    let mut floor = None;
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
        let out = String::from_utf8_lossy(&o.stdout);
        say_raw!("{out}");
        // "stock typst 0.15.2: first 0.340 s, …"
        floor = out.split("first ").nth(1).and_then(|r| r.split(' ').next()).and_then(|x| x.parse().ok());
    }
    if let Some(n) = a.national {
        national(&a.year, n, floor, lang)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// End to end as a clerk runs it, each step its own `shiryo` process: Mie from
/// TOML and from its workbooks, then synthetic national years of 1, 8 and `n`
/// prefectures from TOML and from workbooks (`ingest` then `batch`, one
/// process per prefecture, one per core at a time). Setup (generating years and
/// writing the forms) is not timed. Peak memory sums the processes running at once.
fn national(base_dir: &Path, n: usize, floor: Option<f64>, lang: Lang) -> Result<()> {
    let tmp = tempfile::tempdir().map_err(|e| Error::io(".", e))?;
    let t = tmp.path();
    say!("| case | units | workbooks | wall s | peak MB |");
    say!("|---|---|---|---|---|");
    let row = |case: &str, units: usize, books: usize, (secs, mb): (f64, u64)| {
        say!("| {case} | {units} | {books} | {secs:.2} | {mb} |");
    };
    let base = shiryo::store::load(base_dir)?;
    let mie_units = base.units.len();
    let mie_pdf = t.join("mie.pdf");
    let mut mie = vec![args(&["build", "-q"], &[base_dir, Path::new("-o"), &mie_pdf], lang)];
    row("Mie 2018 from TOML", mie_units, 0, timed(&[&mie])?);
    let forms = t.join("mie-forms");
    let books = shiryo::intake::form::write_forms(base_dir, None, None, &forms)?.len();
    let year = t.join("mie");
    bare_year(base_dir, &year)?;
    let ingest = vec![args(&["ingest"], &[&forms, Path::new("--year"), &year], lang)];
    mie[0] = args(&["build", "-q"], &[&year, Path::new("-o"), &mie_pdf], lang);
    let (secs, mb) = timed(&[&ingest, &mie])?;
    row("Mie 2018 from its workbooks (ingest, build)", mie_units, books, (secs, mb));
    let mut sizes = vec![1, 8, n.clamp(1, 47)];
    sizes.dedup();
    for p in sizes {
        let root = t.join(format!("national-{p}"));
        let dirs = sample::generate(&base, p, 1, &root.join("toml"))?;
        let units: usize = dirs.iter().map(|d| super::batch::units_in(d)).sum();
        let (mut ingests, mut books) = (Vec::new(), 0);
        let mut bare = Vec::new();
        for (i, d) in dirs.iter().enumerate() {
            let f = root.join("forms").join(i.to_string());
            books += shiryo::intake::form::write_forms(d, None, None, &f)?.len();
            let y = root.join("years").join(d.file_name().unwrap_or_default());
            bare_year(d, &y)?;
            ingests.push(args(&["ingest"], &[&f, Path::new("--year"), &y], lang));
            bare.push(y);
        }
        for (label, years) in [("from TOML", &dirs), ("from workbooks", &bare)] {
            let out = root.join(format!("pdf-{label}"));
            // What `shiryo batch` runs, run here so that the builds' memory is sampled as our children.
            std::fs::create_dir_all(&out).map_err(|e| Error::io(&out, e))?;
            let builds = super::batch::build_commands(years, &out, lang).0;
            let steps: Vec<&[Vec<OsString>]> = if label == "from TOML" { vec![&builds] } else { vec![&ingests, &builds] };
            let m = timed(&steps)?;
            let pdfs = std::fs::read_dir(&out).map(|r| r.count()).unwrap_or(0);
            if pdfs != years.len() {
                return Err(Error::Pdf(format!("{pdfs} of {} packets written", years.len())));
            }
            row(&format!("{p} prefecture(s) {label}"), units, if label == "from TOML" { 0 } else { books }, m);
        }
    }
    if let Some(floor) = floor {
        say!("target for Mie from its workbooks: 1.15 × {floor:.3} s (stock typst, first compile) + 0.3 s = {:.2} s", 1.15 * floor + 0.3);
    }
    Ok(())
}

/// `shiryo` arguments: `--lang`, the flags, then paths.
fn args(flags: &[&str], paths: &[&Path], lang: Lang) -> Vec<OsString> {
    let mut a: Vec<OsString> = vec!["--lang".into(), super::batch::lang_arg(lang).into()];
    a.extend(flags.iter().map(OsString::from));
    a.extend(paths.iter().map(|p| p.as_os_str().to_os_string()));
    a
}

/// Runs steps one after another, each a set of `shiryo` processes run in
/// parallel; the wall time of all and the highest memory peak of any step.
fn timed(steps: &[&[Vec<OsString>]]) -> Result<(f64, u64)> {
    let t = Instant::now();
    let mut peak = 0;
    for step in steps {
        let (failures, mb) = super::batch::run_each(step, 0, true, &|_| {})?;
        if let Some(f) = failures.into_iter().flatten().next() {
            return Err(Error::Pdf(f));
        }
        peak = peak.max(mb);
    }
    Ok((t.elapsed().as_secs_f64(), peak))
}

/// `shiryo sample`: write a synthetic national year.
pub fn sample(a: &SampleArgs, lang: Lang) -> Result<ExitCode> {
    let base = shiryo::store::load(&a.from)?;
    let dirs = sample::generate(&base, a.prefectures.clamp(1, 47), a.seed, &a.output)?;
    say_err!("{}", shiryo::messages::sample_written(dirs.len(), &a.output, lang));
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
    use shiryo::intake::ingest::Input;
    use shiryo::season::{Season, intake};
    let season = Season::default();
    let voice = shiryo::messages::voice::Documents(lang);
    let asked = intake::Asked::default();
    let dir = tempfile::tempdir().map_err(|e| Error::io(".", e))?;
    let forms = dir.path().join("forms");
    let n = shiryo::intake::form::write_forms(&a.year, None, None, &forms)?.len();
    let mut times = Vec::new();
    for run in 0..a.runs.max(1) + 1 {
        let year = dir.path().join(format!("y{run}"));
        bare_year(&a.year, &year)?;
        let t = Instant::now();
        let done = intake::ingest(&season, &year, Input::Folder(forms.clone()), &asked, &voice)?.outcome;
        let secs = t.elapsed().as_secs_f64();
        if done.needs_attention() {
            return Err(Error::Workbook("a sample workbook was not accepted".into()));
        }
        if run > 0 {
            times.push(secs); // the first run warms the caches
        }
    }
    times.sort_by(f64::total_cmp);
    say!("ingest: {n} workbooks of {}", a.year.display());
    say!("warm ingest (median of {}): {:.3} s (min {:.3}, max {:.3})", times.len(), times[times.len() / 2], times[0], times[times.len() - 1]);
    if let Some(p) = a.national {
        let base = shiryo::store::load(&a.year)?;
        let dirs = sample::generate(&base, p.clamp(1, 47), 1, &dir.path().join("national"))?;
        let mut jobs = Vec::new();
        let mut total = 0;
        for (i, d) in dirs.iter().enumerate() {
            let f = dir.path().join(format!("nforms{i}"));
            total += shiryo::intake::form::write_forms(d, None, None, &f)?.len();
            let y = dir.path().join(format!("ny{i}"));
            bare_year(d, &y)?;
            jobs.push((f, y));
        }
        let t = Instant::now();
        for (f, y) in &jobs {
            intake::ingest(&season, y, Input::Folder(f.clone()), &asked, &voice)?;
        }
        let secs = t.elapsed().as_secs_f64();
        say!("national: {} prefectures, {total} workbooks ingested in {secs:.2} s ({:.2} ms per workbook)", dirs.len(), secs * 1000.0 / total.max(1) as f64);
    }
    say!("peak memory (VmHWM): {} MB", peak_mb().map_or("?".into(), |m| m.to_string()));
    Ok(ExitCode::SUCCESS)
}

/// The desk's preview after one unit changed: the year compiled once in the
/// process, then, `runs` times, one unit's first own item gets another line and the
/// year is typeset again (as the desk does after an ingest), then exported as PDF.
fn desk(a: &BenchArgs) -> Result<ExitCode> {
    let tmp = tempfile::tempdir().map_err(|e| Error::io(".", e))?;
    let dir = tmp.path().join("year");
    copy_year(&a.year, &dir)?;
    let options = Options::default();
    let start = Instant::now();
    let pages = pipeline::typeset(&dir, &options, &mut |_| {})?.doc.pages().len();
    let cold = start.elapsed().as_secs_f64();
    let (mut typeset, mut pdf) = (Vec::new(), Vec::new());
    for i in 0..a.runs.max(1) {
        let mut year = shiryo::store::load(&dir)?;
        // A cell of one unit alone: a joint one must change in both files.
        let Some(cell) = year.units.iter_mut().flat_map(|u| u.items.iter_mut()).find(|c| c.shared_with.is_empty()) else { break };
        cell.lines.push(format!("・計測 {i}"));
        shiryo::store::save(&year, &dir)?;
        let t = Instant::now();
        let done = pipeline::typeset(&dir, &options, &mut |_| {})?;
        typeset.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        shiryo::outputs::pdf::export(&done.doc, &done.year)?;
        pdf.push(t.elapsed().as_secs_f64());
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    say!("year: {} ({pages} pages)", a.year.display());
    say!("first compile in process: {cold:.3} s");
    say!("after one unit changed (median of {}): typeset {:.3} s, PDF {:.3} s", typeset.len(), median(&mut typeset), median(&mut pdf));
    Ok(ExitCode::SUCCESS)
}

/// A year's TOML (not its received workbooks) copied to `to`.
fn copy_year(from: &Path, to: &Path) -> Result<()> {
    let year = shiryo::store::load(from)?;
    shiryo::store::files::create_dir_all(to).map_err(|e| Error::io(to, e))?;
    shiryo::store::save(&year, to)
}
