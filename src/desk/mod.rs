//! `shiryo desk`: the season on a local web page. A web server on the loopback
//! interface only, pages rendered on the server (minijinja, `templates/desk/`,
//! embedded), every action the same library call the command line makes.
//!
//! Every step is the library's season service (`shiryo::season`), as the
//! command line's are; this front end only reads the request, calls the step
//! and shows its whole outcome in the page's words.
//!
//! - `guard`: who may ask (the Host, the token cookie, the Origin of a POST).
//! - `pages`: what is shown (years, board, unit, drafts), read under a shared lock.
//! - `actions`: what changes the year (ingest, prefer, restore, new year, build, archive).
//! - `files`: what is downloaded (send-back workbooks, draft zips, the packet).
//! - `preview`: the packet's pages as images, from one in-process compile.
//! - `view`: templates, and every failure as a page.

mod actions;
mod files;
mod guard;
mod pages;
mod preview;
mod view;

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use shiryo::error::{Error, Result};
use shiryo::lang::Lang;
use shiryo::messages;
use shiryo::season::Season;

/// The largest request the desk takes: an upload of workbooks and mails (a
/// mailbox of 1,000 mails with a workbook each is about 50 MB).
pub const UPLOAD_LIMIT: usize = 200 * 1024 * 1024;

/// What `shiryo desk` was started with.
pub struct Options {
    pub year: Option<PathBuf>,
    pub port: u16,
    pub open: bool,
    pub archive: Option<PathBuf>,
    pub lang: Lang,
}

/// The server's state, shared by every request.
pub struct Desk {
    pub lang: Lang,
    /// The secret in the printed address, exchanged for a cookie on the first visit.
    pub token: String,
    /// The port bound (the Host and Origin a request must name).
    pub port: u16,
    /// Where years are looked for: the folder the desk was started in.
    pub root: PathBuf,
    /// The year worked on (none until the clerk picks one).
    pub year: RwLock<Option<PathBuf>>,
    /// The archive root (`--archive`, else 保管 beside the year).
    pub archive: Option<PathBuf>,
    pub preview: Mutex<preview::Preview>,
    /// Drafts made on the page, kept for their download: kind → (file name, zip).
    pub drafts: Mutex<std::collections::BTreeMap<String, (String, Vec<u8>)>>,
    /// The season's steps: the clock (`SHIRYO_NOW` may fix it), waiting for a year without a word.
    pub season: Season,
}

impl Desk {
    /// The year worked on, or an error page's reason.
    pub fn year(&self) -> Option<PathBuf> {
        self.year.read().ok().and_then(|y| y.clone())
    }

    pub fn archive_root(&self, year: &Path) -> PathBuf {
        self.archive.clone().unwrap_or_else(|| year.parent().unwrap_or(Path::new(".")).join("保管"))
    }

    /// The year worked on, or the page's refusal.
    pub fn chosen(&self) -> view::Result<PathBuf> {
        self.year().ok_or(view::Fail::Page(messages::PageError::NoYearChosen))
    }
}

/// The year's state in one string: it changes when the ledger or any of the
/// year's TOML files does (a command's ingest while the page is open).
pub fn stamp_of(dir: &Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut files = vec![shiryo::store::ledger::Ledger::path(dir), dir.join(shiryo::store::PACKET)];
    for sub in ["units", "centres"] {
        if let Ok(entries) = std::fs::read_dir(dir.join(sub)) {
            files.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
        }
    }
    files.sort();
    for f in files {
        f.hash(&mut h);
        if let Ok(m) = std::fs::metadata(&f) {
            m.len().hash(&mut h);
            m.modified().ok().hash(&mut h);
        }
    }
    format!("{:016x}", h.finish())
}

/// Starts the desk and serves until Ctrl+C.
pub fn serve(o: Options) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io(Path::new("tokio"), e))?;
    runtime.block_on(run(o))
}

async fn run(o: Options) -> Result<()> {
    let v4 = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, o.port)))
        .await
        .map_err(|e| Error::io(Path::new("127.0.0.1"), e))?;
    let port = v4.local_addr().map_err(|e| Error::io(Path::new("127.0.0.1"), e))?.port();
    // ::1 where the machine has it; without it the desk still starts.
    let v6 = tokio::net::TcpListener::bind(SocketAddr::from((Ipv6Addr::LOCALHOST, port))).await.ok();
    let root = std::env::current_dir().map_err(|e| Error::io(Path::new("."), e))?;
    let year = o.year.map(|y| if y.is_absolute() { y } else { root.join(y) });
    let desk = Arc::new(Desk {
        lang: o.lang,
        token: guard::new_token()?,
        port,
        root,
        year: RwLock::new(year),
        archive: o.archive,
        preview: Mutex::new(preview::Preview::default()),
        drafts: Mutex::new(std::collections::BTreeMap::new()),
        season: Season { clock: shiryo::clock::Clock::from_env(), ..Season::default() },
    });
    let url = format!("http://127.0.0.1:{port}/?token={}", desk.token);
    println!("{}", messages::desk_started(&url, o.lang));
    if o.open && open::that_detached(&url).is_err() {
        eprintln!("{}", messages::desk_no_browser(o.lang));
    }
    let app = router(desk);
    let shutdown = || async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let serve_v4 = axum::serve(v4, app.clone()).with_graceful_shutdown(shutdown());
    match v6 {
        Some(v6) => {
            let serve_v6 = axum::serve(v6, app).with_graceful_shutdown(shutdown());
            let (a, b) = tokio::join!(serve_v4, serve_v6);
            a.and(b)
        }
        None => serve_v4.await,
    }
    .map_err(|e| Error::io(Path::new("127.0.0.1"), e))
}

fn router(desk: Arc<Desk>) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/unit", get(pages::unit))
        .route("/years", get(pages::all_years))
        .route("/stamp", get(pages::stamp))
        .route("/preview", get(pages::preview))
        .route("/preview/{page}", get(preview::page))
        .route("/assets/{file}", get(files::asset))
        .route("/packet.pdf", get(files::packet))
        .route("/send-back/{file}", get(files::send_back))
        .route("/drafts/{file}", get(files::drafts))
        .route("/make-drafts", post(actions::drafts))
        .route("/extend", post(actions::extend))
        .route("/contacts", get(pages::contacts).post(actions::contacts))
        .route("/published.zip", get(files::published))
        .route("/prefecture-form.xlsx", get(files::prefecture_form))
        .route("/open", post(actions::open_year))
        .route("/new-year", post(actions::new_year))
        .route("/ingest", post(actions::ingest).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)))
        .route("/prefer", post(actions::prefer))
        .route("/restore", post(actions::restore))
        .route("/build", post(actions::build))
        .route("/archive", get(pages::archive).post(actions::archive))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(desk.clone(), view::rejections))
        .layer(axum::middleware::from_fn_with_state(desk.clone(), guard::guard))
        .with_state(desk)
}
