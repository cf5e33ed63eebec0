//! `shiryo desk` as a clerk and as an attacker meet it: started on a copy of
//! the sample year mid-season, driven in Debian's chromium through
//! chromium-driver (Python Selenium, `tests/desk_browser.py`), and asked by
//! hand-written HTTP requests that must be refused with nothing changed.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;

/// A running desk; killed when dropped.
struct Desk {
    child: Child,
    port: u16,
    token: String,
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Desk {
    fn start(year: &Path, cwd: &Path, now: &str) -> Desk {
        Desk::start_with(&[s(year)], cwd, now)
    }

    fn start_with(args: &[&str], cwd: &Path, now: &str) -> Desk {
        let archive = cwd.join("archive");
        let mut child = Command::new(env!("CARGO_BIN_EXE_shiryo"))
            .arg("desk")
            .args(args)
            .args(["--no-open", "--archive", s(&archive)])
            .current_dir(cwd)
            .env("SHIRYO_NOW", now)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start shiryo desk");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).expect("the desk's first line");
        let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| panic!("no address in {line:?}"));
        let rest = url.strip_prefix("http://127.0.0.1:").unwrap();
        let (port, token) = rest.split_once("/?token=").unwrap();
        Desk { child, port: port.parse().unwrap(), token: token.to_string() }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.token)
    }

    fn cookie(&self) -> String {
        format!("shiryo_desk_{}={}", self.port, self.token)
    }

    /// One request as raw HTTP/1.1: the status and the body.
    fn raw(&self, request: &[u8]) -> (u16, String) {
        let mut c = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let _ = c.write_all(request);
        let mut out = Vec::new();
        let _ = c.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).into_owned();
        let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, text)
    }

    fn get(&self, path: &str, host: &str, cookie: bool) -> (u16, String) {
        let cookie = if cookie { format!("Cookie: {}\r\n", self.cookie()) } else { String::new() };
        self.raw(format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{cookie}Connection: close\r\n\r\n").as_bytes())
    }

    /// A form's POST from the desk's own page.
    fn post(&self, path: &str, form: &str) -> (u16, String) {
        self.raw(
            format!(
                "POST {path} HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nOrigin: http://{}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
                self.host(),
                self.cookie(),
                self.host(),
                form.len()
            )
            .as_bytes(),
        )
    }

    /// A download's body as bytes (the headers cut off).
    fn bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let mut c = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        c.write_all(format!("GET {path} HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nConnection: close\r\n\r\n", self.host(), self.cookie()).as_bytes()).unwrap();
        let mut out = Vec::new();
        let _ = c.read_to_end(&mut out);
        let split = out.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4).unwrap_or(out.len());
        let status = String::from_utf8_lossy(&out[..split]).split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, out[split..].to_vec())
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// A multipart upload of one file to `/ingest`.
    fn upload(&self, name: &str, bytes: &[u8], origin: &str, length: Option<usize>) -> (u16, String) {
        let boundary = "----shiryoTestBoundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let head = format!(
            "POST /ingest HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nOrigin: {origin}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.host(),
            self.cookie(),
            length.unwrap_or(body.len())
        );
        let mut req = head.into_bytes();
        if length.is_none() {
            req.extend_from_slice(&body);
        }
        self.raw(&req)
    }
}

/// Every file of a folder and its bytes (the lock file aside): "nothing changed" is this, equal.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, root, out);
            } else if !p.file_name().unwrap().to_string_lossy().starts_with(".shiryo") {
                out.insert(p.strip_prefix(root).unwrap().to_path_buf(), fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The sample year mid-season: four units have not answered yet; their forms, pre-filled from the printed year.
fn mid_season(t: &Path) -> (PathBuf, PathBuf) {
    let year = t.join("2018");
    copy_dir(&sample(), &year);
    for unit in ["津市", "桑名市", "亀山市", "鈴鹿市"] {
        fs::remove_file(year.join(format!("units/{unit}.toml"))).unwrap();
    }
    let forms = t.join("forms");
    let o = shiryo(&["form", s(&year), "--previous", s(&sample()), "-o", s(&forms)], t, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    (year, forms)
}

#[test]
fn refuses_what_it_must_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (year, forms) = mid_season(tmp.path());
    let desk = Desk::start(&year, tmp.path(), "2018-11-13T00:00:00Z");
    let before = snapshot(&year);
    let form = fs::read(forms.join("桑名市.xlsx")).unwrap();
    let own = format!("http://{}", desk.host());

    // The first visit: the token for a cookie (HttpOnly, SameSite=Strict), and the address without it.
    let (status, text) = desk.get(&format!("/?token={}", desk.token), &desk.host(), false);
    assert_eq!(status, 303, "{text}");
    assert!(text.contains(&format!("set-cookie: {}; HttpOnly; SameSite=Strict; Path=/", desk.cookie())), "{text}");
    let (status, text) = desk.get("/", &desk.host(), true);
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("提出状況") && text.contains("桑名市"), "{text}");

    // No token, a wrong token.
    let (status, text) = desk.get("/", &desk.host(), false);
    assert_eq!(status, 401, "{text}");
    assert!(text.contains("token="), "says where to open it: {text}");
    let (status, _) = desk.get("/?token=0123456789abcdef0123456789abcdef", &desk.host(), false);
    assert_eq!(status, 401);
    // A foreign Host (DNS rebinding), even with the cookie.
    let (status, text) = desk.get("/", &format!("evil.example:{}", desk.port), true);
    assert_eq!(status, 403, "{text}");
    let (status, _) = desk.get("/", &format!("127.0.0.1:{}", desk.port + 1), true);
    assert_eq!(status, 403);
    // localhost is this desk too.
    let (status, _) = desk.get("/", &format!("localhost:{}", desk.port), true);
    assert_eq!(status, 200);
    // A POST from another page, and one without Origin.
    let (status, text) = desk.upload("桑名市.xlsx", &form, "http://evil.example", None);
    assert_eq!(status, 403, "{text}");
    let (status, _) = desk.raw(format!("POST /build HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", desk.host(), desk.cookie()).as_bytes());
    assert_eq!(status, 403);
    // A state change by GET is no route.
    let (status, _) = desk.get("/ingest", &desk.host(), true);
    assert_eq!(status, 405);
    // An upload over the limit: refused before it is read, in words.
    let (status, text) = desk.upload("big.mbox", b"", &own, Some(201 * 1024 * 1024));
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("200 MB"), "{text}");
    // Paths: an upload named with `..`, a unit named with one, an asset outside the assets.
    let (status, text) = desk.upload("../../桑名市.xlsx", &form, &own, None);
    assert_eq!(status, 400, "{text}");
    // The name as text on the page (minijinja escapes the slashes).
    assert!(text.contains("..&#x2f;..&#x2f;桑名市.xlsx") && text.contains("何も取り込んでいません"), "{text}");
    let (status, _) = desk.get("/unit?name=..%2F..%2Fpacket", &desk.host(), true);
    assert_eq!(status, 404);
    let (status, _) = desk.get("/assets/..%2F..%2FCargo.toml", &desk.host(), true);
    assert_eq!(status, 404);
    let (status, _) = desk.get("/assets/../../Cargo.toml", &desk.host(), true);
    assert_eq!(status, 404);
    let (status, _) = desk.get("/send-back/workbook?name=..%2Fpacket", &desk.host(), true);
    assert_eq!(status, 404);

    assert!(snapshot(&year) == before, "a refused request changed the year");

    // And the same upload from the desk's own page is taken.
    let (status, text) = desk.upload("桑名市.xlsx", &form, &own, None);
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("桑名市") && text.contains("受理"), "{text}");
    assert!(year.join("units/桑名市.toml").exists());
}

#[test]
fn takes_a_large_mailbox_within_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let (year, _) = mid_season(tmp.path());
    let desk = Desk::start(&year, tmp.path(), "2018-11-13T00:00:00Z");
    // 60 MB: more than a 1,000-mail mailbox of forms; a mailbox of plain mails without attachments.
    let mut mbox = Vec::with_capacity(60 << 20);
    let body = "本文です。".repeat(2000);
    let mut i = 0;
    while mbox.len() < 60 << 20 {
        mbox.extend_from_slice(
            format!("From a@b.example Mon Nov 12 10:00:00 2018\nFrom: a@b.example\nSubject: n{i}\nDate: Mon, 12 Nov 2018 10:00:00 +0900\nContent-Type: text/plain; charset=utf-8\n\n{body}\n\n").as_bytes(),
        );
        i += 1;
    }
    let (status, text) = desk.upload("受信箱.mbox", &mbox, &format!("http://{}", desk.host()), None);
    assert_eq!(status, 200, "{}", &text[..text.len().min(2000)]);
    assert!(text.contains("取込の結果"), "{}", &text[..text.len().min(2000)]);
}

/// Debian's chromium and chromium-driver, or a failure naming them.
fn chromium() -> (PathBuf, PathBuf) {
    let find = |names: &[&str]| {
        names.iter().map(PathBuf::from).find(|p| p.exists())
    };
    let browser = find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"])
        .unwrap_or_else(|| panic!("chromium not found: install Debian's chromium (apt-get install chromium), or run `bash scripts/test`"));
    let driver = find(&["/usr/bin/chromedriver"])
        .unwrap_or_else(|| panic!("chromedriver not found: install Debian's chromium-driver (apt-get install chromium-driver), or run `bash scripts/test`"));
    (browser, driver)
}

#[test]
fn a_clerk_works_the_season_in_a_browser() {
    let (browser, driver) = chromium();
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let (year, forms) = mid_season(t);
    // 津市 left ⑤ empty: it will be sent back.
    let up = t.join("up");
    fs::create_dir_all(&up).unwrap();
    let o = python_with(
        "openpyxl",
        "openpyxl",
        &["-c", "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1]); wb['取組状況']['C7'] = None; wb.save(sys.argv[2])", s(&forms.join("津市.xlsx")), s(&up.join("津市.xlsx"))],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for unit in ["桑名市", "亀山市"] {
        fs::copy(forms.join(format!("{unit}.xlsx")), up.join(format!("{unit}.xlsx"))).unwrap();
    }
    let eml = up.join("鈴鹿市から.eml");
    let sender = "鈴鹿市 長寿社会課 <choju@city.suzuka.example.jp>";
    answer_mail(&forms.join("鈴鹿市.xlsx"), &eml, sender, "Tue, 13 Nov 2018 09:30:00 +0900", "Re: 照会（鈴鹿市）");
    // What a CLI ingest brings while the page is open.
    let cli = t.join("cli");
    fs::create_dir_all(&cli).unwrap();
    fs::copy(forms.join("四日市市.xlsx"), cli.join("四日市市.xlsx")).unwrap();

    let desk = Desk::start(&year, t, "2018-11-13T00:00:00Z");
    let shots = root().join("target/desk-screenshots");
    fs::create_dir_all(&shots).unwrap();
    let downloads = t.join("downloads");
    fs::create_dir_all(&downloads).unwrap();
    let script = root().join("tests/desk_browser.py");
    let o = python_with(
        "selenium",
        "selenium",
        &[
            s(&script),
            "--url", &desk.url(),
            "--browser", s(&browser),
            "--driver", s(&driver),
            "--downloads", s(&downloads),
            "--shots", s(&shots),
            "--workbooks", s(&up.join("津市.xlsx")), s(&up.join("桑名市.xlsx")), s(&up.join("亀山市.xlsx")),
            "--eml", s(&eml),
            "--shiryo", env!("CARGO_BIN_EXE_shiryo"),
            "--year", s(&year),
            "--cli-folder", s(&cli),
        ],
    );
    assert!(o.status.success(), "the browser session failed:\n{}\n{}", stdout(&o), stderr(&o));

    // The send-back workbook downloaded: 津市's answers, C7 marked, its reasons sheet first.
    let wb = downloads.join("差し戻し_津市.xlsx");
    let o = python_with(
        "openpyxl",
        "openpyxl",
        &["-c", "import openpyxl, sys\nwb = openpyxl.load_workbook(sys.argv[1])\nc = wb['取組状況']['C7']\nprint(wb.sheetnames[0], '|', c.fill.fgColor.rgb, '|', c.comment.text if c.comment else '')", s(&wb)],
    );
    let seen = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(seen.starts_with("差し戻し理由 | FFFFC7CE |") && seen.contains("⑤相談支援 が空欄です"), "{seen}");
    // The packet downloaded: every page of the sample, a draft while 四日市市's and others' answers are awaited.
    let pdfs: Vec<PathBuf> = fs::read_dir(&downloads).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "pdf")).collect();
    assert_eq!(pdfs.len(), 1, "{pdfs:?}");
    assert_eq!(page_count(&pdfs[0]), 19);
    assert_eq!(raw_text(&pdfs[0]).matches('案').count(), 19, "a draft while the season runs: 「案」 on every page");
    // The screenshots.
    for shot in ["board.png", "preview.png"] {
        let bytes = fs::read(shots.join(shot)).unwrap_or_else(|e| panic!("{shot}: {e}"));
        assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000, "{shot}: {} bytes", bytes.len());
    }
    // The year as the browser left it: the board's states, read by the command line.
    let o = shiryo(&["status", s(&year)], t, &[("SHIRYO_NOW", "2018-11-13T00:00:00Z")]);
    let rows = status_rows(&stdout(&o));
    let state = |n: &str| rows.iter().find(|r| r[0] == n).map(|r| r[1].clone()).unwrap_or_default();
    assert_eq!([state("津市"), state("桑名市"), state("亀山市"), state("鈴鹿市"), state("四日市市")], ["差し戻し中", "提出済", "提出済", "提出済", "提出済"]);
}

const REQUEST: &str = "\n[request]\nnumber = \"長介第１２３号\"\ndate = \"2018-10-01\"\n\
    addressee = \"各市町　在宅医療・介護連携担当課長　様\"\nsender = \"三重県医療保健部長\"\n";

/// The names in a zip, read by Python's zipfile.
fn zip_names(bytes: &[u8], dir: &Path) -> Vec<String> {
    let path = dir.join("drafts.zip");
    fs::write(&path, bytes).unwrap();
    let o = python_with("zipfile", "Python's standard library", &["-c", "import zipfile, sys\nfor n in zipfile.ZipFile(sys.argv[1]).namelist(): print(n)", s(&path)]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).lines().map(String::from).collect()
}

#[test]
fn every_action_without_a_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let (year, forms) = mid_season(&t.join("inputs"));
    fs::write(year.join("packet.toml"), fs::read_to_string(year.join("packet.toml")).unwrap() + REQUEST).unwrap();
    // Started without a year: it lists those under the folder (and inputs/) and opens the one picked.
    let desk = Desk::start_with(&[], t, "2018-11-13T00:00:00Z");
    let (status, page) = desk.get("/", &desk.host(), true);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("inputs&#x2f;2018") && page.contains("平成30年度 三重県在宅医療推進懇話会"), "{page}");
    let (status, _) = desk.post("/open", "index=0");
    assert_eq!(status, 303);
    let (_, page) = desk.get("/", &desk.host(), true);
    assert!(page.contains("提出期限 平成30年11月16日（金）（あと 3 日）"), "{page}");

    // 桑名市's form saved under 亀山市's name: held, offered as a choice, chosen.
    let own = format!("http://{}", desk.host());
    let (status, page) = desk.upload("亀山市.xlsx", &fs::read(forms.join("桑名市.xlsx")).unwrap(), &own, None);
    assert_eq!(status, 200, "{page}");
    let (_, board) = desk.get("/", &desk.host(), true);
    assert!(board.contains("<ul class=\"hints\" id=\"hints\"><li>保留（ファイル名の確認）: ファイル名と中身の市町が違います。"), "the board says what to do with a held workbook: {board}");
    let sha = board.split("name=\"sha256\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_else(|| panic!("no choice on the board: {board}"));
    let (status, page) = desk.post("/prefer", &format!("sha256={sha}"));
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("受理"), "{page}");
    assert!(year.join("units/桑名市.toml").exists());
    // A version applied again, and one that is not there.
    let (status, page) = desk.post("/restore", "name=%E6%A1%91%E5%90%8D%E5%B8%82&version=1");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("受理"), "{page}");
    let (_, page) = desk.post("/restore", "name=%E6%A1%91%E5%90%8D%E5%B8%82&version=9");
    assert!(page.contains("「桑名市」に第9版はありません"), "{page}");

    // Drafts as one zip each: the request (with its letter), receipts, reminders.
    let (status, zip) = desk.bytes("/drafts/request.zip");
    assert_eq!(status, 200);
    let names = zip_names(&zip, t);
    assert!(names.contains(&"津市.eml".to_string()) && names.iter().any(|n| n.ends_with(".pdf")), "{names:?}");
    let (_, zip) = desk.bytes("/drafts/receipt.zip");
    assert_eq!(zip_names(&zip, t), ["受領_桑名市.eml"]);
    let (_, zip) = desk.bytes("/drafts/remind.zip");
    let names = zip_names(&zip, t);
    assert!(names.contains(&"津市.eml".to_string()) && !names.contains(&"桑名市.eml".to_string()), "{names:?}");

    // The data to publish, as `publish --bom` writes it: CSVs for Excel, the workbook and the page.
    let (status, zip) = desk.bytes("/published.zip");
    assert_eq!(status, 200);
    let names = zip_names(&zip, t);
    assert!(names.iter().any(|n| n.ends_with("_取組状況.csv")) && names.iter().any(|n| n.ends_with(".xlsx")), "{names:?}");

    // A unit's page: its versions, each with its state, and its answers as printed.
    let (status, page) = desk.get("/unit?name=%E6%A1%91%E5%90%8D%E5%B8%82", &desk.host(), true);
    assert_eq!(status, 200);
    assert!(page.contains("第1版") && page.contains("①資源の把握"), "{page}");

    // The packet: a draft while the season runs; the archive never one.
    let (status, _) = desk.post("/build", "");
    assert_eq!(status, 303);
    let (status, pdf) = desk.bytes("/packet.pdf");
    assert_eq!(status, 200);
    fs::write(t.join("desk.pdf"), &pdf).unwrap();
    assert_eq!(page_count(&t.join("desk.pdf")), 19);
    assert_eq!(raw_text(&t.join("desk.pdf")).matches('案').count(), 19);
    let (status, page) = desk.post("/archive", "");
    assert_eq!(status, 200, "{page}");
    let archived: Vec<PathBuf> = pdfs_below(&t.join("archive"));
    assert_eq!(archived.len(), 1, "{archived:?}");
    assert_eq!(raw_text(&archived[0]).matches('案').count(), 0, "the archive carries no draft mark");

    // A new year from this one, beside it; a folder name that is a path refused.
    let (status, page) = desk.post("/new-year", "from=0&folder=..%2F2019&date=2019-12-11&deadline=2019-11-15");
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("フォルダ名「..&#x2f;2019」は使えません"), "{page}");
    let (status, page) = desk.post("/new-year", "from=0&folder=2019&date=%E4%BB%A4%E5%92%8C%E5%85%83%E5%B9%B412%E6%9C%8811%E6%97%A5&deadline=2019-11-15");
    assert_eq!(status, 303, "{page}");
    assert!(t.join("inputs/2019/packet.toml").exists());
    let (_, page) = desk.get("/", &desk.host(), true);
    assert!(page.contains("令和元年度"), "the new year is open: {page}");
}

#[test]
fn speaks_english_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let (year, _) = mid_season(tmp.path());
    let desk = Desk::start_with(&[s(&year), "--lang", "en"], tmp.path(), "2018-11-13T00:00:00Z");
    let (_, page) = desk.get("/", &desk.host(), true);
    assert!(page.contains("<html lang=\"en\">") && page.contains("Board") && page.contains("deadline"), "{page}");
    let (status, page) = desk.get("/", &desk.host(), false);
    assert_eq!(status, 401);
    assert!(page.contains("open the address shiryo desk printed"), "{page}");
}
