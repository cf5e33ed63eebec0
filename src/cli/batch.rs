//! `shiryo batch`: one packet per year folder (e.g. one per prefecture), each
//! built by its own `shiryo build` process, as many at a time as there are cores.
//!
//! Processes rather than threads: Typst's memoized layouts stay resident in a
//! process after its packet is written (BENCH.md: 3.5 GB after 47 prefectures
//! in one process, whatever is evicted), while a process returns everything
//! when it exits. Fonts are parsed once per process, which costs milliseconds.

use std::path::{Path, PathBuf};
use std::ffi::OsString;
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use shiryo::error::{Error, Result};
use shiryo::messages::{self, Lang, Ui};
use shiryo::store;

use super::args::BatchArgs;

/// One year's outcome: its folder, and the child's messages when it failed.
pub struct Outcome {
    pub year: PathBuf,
    pub failure: Option<String>,
}

pub fn run(a: &BatchArgs, lang: Lang) -> Result<ExitCode> {
    let years = years(&a.years)?;
    let bar = if a.quiet { ProgressBar::hidden() } else { ProgressBar::new(years.len() as u64) };
    bar.set_style(ProgressStyle::with_template("{bar:20} {pos}/{len} {msg}").unwrap_or_else(|_| ProgressStyle::default_bar()));
    let (outcomes, _) = build_each(&years, &a.output, a.jobs, lang, &|year| {
        bar.set_message(year.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        bar.inc(1);
    })?;
    bar.finish_and_clear();
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    for o in &failed {
        eprintln!("{}:", o.year.display());
        eprintln!("{}", o.failure.as_deref().unwrap_or_default().trim_end());
    }
    eprintln!("{} {} / {}: {}", messages::ui(Ui::BatchDone, lang), outcomes.len() - failed.len(), outcomes.len(), a.output.display());
    Ok(if failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The year folders given: a folder with `packet.toml` is a year; any other
/// folder stands for the years directly inside it, in name order.
pub fn years(args: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut years = Vec::new();
    for dir in args {
        if dir.join(store::PACKET).is_file() {
            years.push(dir.clone());
            continue;
        }
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut inner: Vec<PathBuf> =
            entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join(store::PACKET).is_file()).collect();
        if inner.is_empty() {
            return Err(Error::io(dir.join(store::PACKET), std::io::ErrorKind::NotFound.into()));
        }
        inner.sort();
        years.extend(inner);
    }
    Ok(years)
}

/// Builds `out/<year folder name>.pdf` for every year, `jobs` processes at a
/// time (0: one per core). `done` is called as each year finishes. Returns the
/// outcomes in the order given, and the peak memory (see [`run_each`]).
pub fn build_each(years: &[PathBuf], out: &Path, jobs: usize, lang: Lang, done: &(dyn Fn(&Path) + Sync)) -> Result<(Vec<Outcome>, u64)> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let commands: Vec<Vec<OsString>> = years
        .iter()
        .enumerate()
        .map(|(i, year)| {
            let name = year.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| format!("{i}"));
            let pdf = out.join(format!("{}.pdf", store::safe_stem(&name)));
            let mut c: Vec<OsString> = ["--lang", lang_arg(lang), "build", "-q"].map(OsString::from).into();
            c.extend([year.as_os_str().into(), "-o".into(), pdf.into_os_string()]);
            c
        })
        .collect();
    // Largest first (by units), so that a 北海道 does not start last and run alone.
    let size = |y: &PathBuf| std::fs::read_dir(y.join("units")).map_or(0, |r| r.count());
    let mut order: Vec<usize> = (0..years.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(size(&years[i])));
    let ordered: Vec<Vec<OsString>> = order.iter().map(|&i| commands[i].clone()).collect();
    let (failures, peak) = run_each(&ordered, jobs, &|k| done(&years[order[k]]))?;
    let mut outcomes: Vec<Outcome> = years.iter().map(|y| Outcome { year: y.clone(), failure: None }).collect();
    for (k, failure) in failures.into_iter().enumerate() {
        outcomes[order[k]].failure = failure;
    }
    Ok((outcomes, peak))
}

pub fn lang_arg(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "ja",
        Lang::En => "en",
    }
}

/// Runs this program once per argument list, `jobs` at a time (0: one per
/// core); `done(i)` as the i-th finishes. Returns each run's failure (its
/// stderr), in order, and the peak resident memory of the processes it
/// started and theirs, summed over those running at once (MB, sampled every 10 ms).
pub fn run_each(commands: &[Vec<OsString>], jobs: usize, done: &(dyn Fn(usize) + Sync)) -> Result<(Vec<Option<String>>, u64)> {
    let exe = std::env::current_exe().map_err(|e| Error::io("shiryo", e))?;
    let jobs = if jobs == 0 { std::thread::available_parallelism().map_or(2, |n| n.get()) } else { jobs };
    let next = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let peak = AtomicU64::new(0);
    let failures: Mutex<Vec<Option<String>>> = Mutex::new(vec![None; commands.len()]);
    std::thread::scope(|s| {
        s.spawn(|| {
            while !finished.load(Ordering::Relaxed) {
                peak.fetch_max(descendants_rss_kb(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        let workers: Vec<_> = (0..jobs.min(commands.len()).max(1))
            .map(|_| {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(args) = commands.get(i) else { break };
                    let spawned = Command::new(&exe).args(args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn();
                    let failure = match spawned {
                        Err(e) => Some(e.to_string()),
                        Ok(child) => match child.wait_with_output() {
                                Ok(o) if o.status.success() => None,
                                Ok(o) => Some(String::from_utf8_lossy(&o.stderr).into_owned()),
                                Err(e) => Some(e.to_string()),
                        },
                    };
                    if let Ok(mut all) = failures.lock() {
                        all[i] = failure;
                    }
                    done(i);
                })
            })
            .collect();
        for w in workers {
            let _ = w.join();
        }
        finished.store(true, Ordering::Relaxed);
    });
    Ok((failures.into_inner().unwrap_or_default(), peak.load(Ordering::Relaxed) / 1024))
}

/// Resident memory of every process descending from this one, summed (kB,
/// from /proc: Linux only, 0 elsewhere).
fn descendants_rss_kb() -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else { return 0 };
    // (pid, parent, rss kB) of every process.
    let procs: Vec<(u32, u32, u64)> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
            let field = |k: &str| status.lines().find(|l| l.starts_with(k))?.split_whitespace().nth(1)?.parse::<u64>().ok();
            Some((pid, field("PPid:")? as u32, field("VmRSS:").unwrap_or(0)))
        })
        .collect();
    let mut ours = vec![std::process::id()];
    let mut total = 0;
    // Parents are listed before their children often but not always: repeat until nothing is added.
    loop {
        let before = ours.len();
        for &(pid, parent, rss) in &procs {
            if ours.contains(&parent) && !ours.contains(&pid) {
                ours.push(pid);
                total += rss;
            }
        }
        if ours.len() == before {
            return total;
        }
    }
}
