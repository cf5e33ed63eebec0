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
    let outcomes = build_each(&years, &a.output, a.jobs, lang, &|year| {
        bar.set_message(year.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        bar.inc(1);
    })?;
    bar.finish_and_clear();
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    for o in &failed {
        say_err!("{}:", o.year.display());
        say_err!("{}", o.failure.as_deref().unwrap_or_default().trim_end());
    }
    say_err!("{} {} / {}: {}", messages::ui(Ui::BatchDone, lang), outcomes.len() - failed.len(), outcomes.len(), a.output.display());
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
/// outcomes in the order given.
pub fn build_each(
    years: &[PathBuf],
    out: &Path,
    jobs: usize,
    lang: Lang,
    done: &(dyn Fn(&Path) + Sync),
) -> Result<Vec<Outcome>> {
    store::files::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let (commands, order) = build_commands(years, out, lang);
    let (failures, _) = run_each(&commands, jobs, false, &|k| done(&years[order[k]]))?;
    let mut outcomes: Vec<Outcome> = years.iter().map(|y| Outcome { year: y.clone(), failure: None }).collect();
    for (k, failure) in failures.into_iter().enumerate() {
        outcomes[order[k]].failure = failure;
    }
    Ok(outcomes)
}

/// The `shiryo build` arguments for every year, largest first (by units), so
/// that a 北海道 does not start last and run alone; and each one's index in `years`.
pub fn build_commands(years: &[PathBuf], out: &Path, lang: Lang) -> (Vec<Vec<OsString>>, Vec<usize>) {
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
    let mut order: Vec<usize> = (0..years.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(units_in(&years[i])));
    (order.iter().map(|&i| commands[i].clone()).collect(), order)
}

/// How many unit files a year folder holds (0 when it has none).
pub fn units_in(year: &Path) -> usize {
    std::fs::read_dir(year.join(store::UNITS)).map_or(0, |r| r.count())
}

pub fn lang_arg(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "ja",
        Lang::En => "en",
    }
}

/// Runs this program once per argument list, `jobs` at a time (0: one per
/// core); `done(i)` as the i-th finishes. Returns each run's failure (its
/// stderr), in order, and with `measure` the peak resident memory of the
/// processes it started, summed over those running at once (MB, sampled every
/// 10 ms from /proc; 0 without `measure` or off Linux).
pub fn run_each(
    commands: &[Vec<OsString>],
    jobs: usize,
    measure: bool,
    done: &(dyn Fn(usize) + Sync),
) -> Result<(Vec<Option<String>>, u64)> {
    let exe = std::env::current_exe().map_err(|e| Error::io("shiryo", e))?;
    let jobs = if jobs == 0 { std::thread::available_parallelism().map_or(2, |n| n.get()) } else { jobs };
    let next = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let peak = AtomicU64::new(0);
    let failures: Mutex<Vec<Option<String>>> = Mutex::new(vec![None; commands.len()]);
    // The children running now: only their /proc entries are read, so sampling costs next to nothing.
    let live: Mutex<Vec<u32>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        if measure {
            s.spawn(|| {
                while !finished.load(Ordering::Relaxed) {
                    let pids = live.lock().map(|l| l.clone()).unwrap_or_default();
                    peak.fetch_max(pids.into_iter().map(rss_kb).sum(), Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(10));
                }
            });
        }
        let workers: Vec<_> = (0..jobs.min(commands.len()).max(1))
            .map(|_| {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(args) = commands.get(i) else { break };
                    let spawned = Command::new(&exe).args(args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn();
                    let failure = match spawned {
                        Err(e) => Some(e.to_string()),
                        Ok(child) => {
                            let pid = child.id();
                            if let Ok(mut l) = live.lock() {
                                l.push(pid);
                            }
                            let waited = child.wait_with_output();
                            if let Ok(mut l) = live.lock() {
                                l.retain(|p| *p != pid);
                            }
                            match waited {
                                Ok(o) if o.status.success() => None,
                                Ok(o) => Some(String::from_utf8_lossy(&o.stderr).into_owned()),
                                Err(e) => Some(e.to_string()),
                            }
                        }
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

/// A process's resident memory (kB, from /proc: Linux only, 0 elsewhere or once it has exited).
fn rss_kb(pid: u32) -> u64 {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else { return 0 };
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}
