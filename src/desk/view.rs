//! Pages from templates: the embedded `templates/desk/*.j2`, HTML-escaped
//! (what a municipality typed is text on the page, never markup), with the
//! desk's words in the language asked for. Every failure becomes a page in the
//! page's words: the library's errors and the page's own ([`PageError`]).

use std::sync::{Arc, OnceLock};

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Environment, Value, context};
use shiryo::error::Error;
use shiryo::lang::Lang;
use shiryo::messages::{self, Front, PageError};

use super::Desk;

const TEMPLATES: [(&str, &str); 9] = [
    ("contacts.html.j2", include_str!("../../templates/desk/contacts.html.j2")),
    ("preview.html.j2", include_str!("../../templates/desk/preview.html.j2")),
    ("base.html.j2", include_str!("../../templates/desk/base.html.j2")),
    ("years.html.j2", include_str!("../../templates/desk/years.html.j2")),
    ("board.html.j2", include_str!("../../templates/desk/board.html.j2")),
    ("unit.html.j2", include_str!("../../templates/desk/unit.html.j2")),
    ("result.html.j2", include_str!("../../templates/desk/result.html.j2")),
    ("message.html.j2", include_str!("../../templates/desk/message.html.j2")),
    ("outcome.html.j2", include_str!("../../templates/desk/outcome.html.j2")),
];

/// Why a request failed: the library's error, or one only the page meets.
#[derive(Debug)]
pub enum Fail {
    Lib(Error),
    Page(PageError),
}

impl From<Error> for Fail {
    fn from(e: Error) -> Fail {
        Fail::Lib(e)
    }
}

impl From<PageError> for Fail {
    fn from(e: PageError) -> Fail {
        Fail::Page(e)
    }
}

pub type Result<T> = std::result::Result<T, Fail>;

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        // Every value shown is escaped as HTML, and its control characters and bidi overrides as text.
        env.set_formatter(|out, state, value| match value.as_str() {
            Some(s) if !value.is_safe() => minijinja::escape_formatter(out, state, &Value::from(messages::inert(s).into_owned())),
            _ => minijinja::escape_formatter(out, state, value),
        });
        for (name, source) in TEMPLATES {
            // The templates are part of the binary; a broken one fails the desk's tests.
            if let Err(e) = env.add_template(name, source) {
                eprintln!("{name}: {e}");
            }
        }
        env
    })
}

/// A page: the template with `ctx`, the words (`t`) and the language added.
pub fn page(lang: Lang, name: &str, ctx: Value) -> Response {
    let words: std::collections::BTreeMap<&str, &str> = messages::desk_words(lang).into_iter().collect();
    let full = context! { t => words, lang => if lang == Lang::En { "en" } else { "ja" }, ..ctx };
    match env().get_template(name).and_then(|t| t.render(full)) {
        Ok(html) => Html(html).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{name}: {e}")).into_response(),
    }
}

/// A page of lines (an outcome's notices, a refusal) with its status.
pub fn lines(lang: Lang, status: StatusCode, lines: Vec<String>) -> Response {
    let mut r = page(lang, "message.html.j2", context! { lines => lines, status => status.as_u16() });
    *r.status_mut() = status;
    r
}

/// A failure as a page: its words, never a trace.
pub fn fail(lang: Lang, f: &Fail) -> Response {
    match f {
        Fail::Lib(e) => {
            let status = match e {
                Error::NoSuchUnit(_) | Error::NoSuchVersion { .. } => StatusCode::NOT_FOUND,
                Error::Io { .. } => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            lines(lang, status, messages::error(e, Front::Page, lang))
        }
        Fail::Page(p) => lines(lang, page_status(p), vec![messages::page_error(p, lang)]),
    }
}

fn page_status(p: &PageError) -> StatusCode {
    match p {
        PageError::Host | PageError::Origin => StatusCode::FORBIDDEN,
        PageError::Token => StatusCode::UNAUTHORIZED,
        PageError::NotFound | PageError::NoSuchPage(_) | PageError::NotBuilt => StatusCode::NOT_FOUND,
        PageError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        PageError::UploadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        PageError::BadRequest | PageError::BadUploadName(_) | PageError::NoYearChosen | PageError::BadFolderName(_) | PageError::NoFiles => StatusCode::BAD_REQUEST,
    }
}

/// Runs library work off the server's threads; a failure or a panic becomes a page.
pub async fn blocking<F>(desk: &Arc<Desk>, f: F) -> Response
where
    F: FnOnce(&Desk) -> Result<Response> + Send + 'static,
{
    let d = desk.clone();
    let lang = desk.lang;
    match tokio::task::spawn_blocking(move || f(&d)).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => fail(lang, &e),
        Err(_) => fail(lang, &Fail::Page(PageError::Internal)),
    }
}

/// Answers a request the page's own forms never send (axum's own rejections,
/// plain English text) in the page's words.
pub async fn rejections(State(desk): axum::extract::State<Arc<Desk>>, req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let r = next.run(req).await;
    let plain = r.headers().get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_none_or(|v| v.starts_with("text/plain"));
    if r.status().is_client_error() && plain {
        let p = if r.status() == StatusCode::PAYLOAD_TOO_LARGE { PageError::UploadTooLarge(super::UPLOAD_LIMIT) } else { PageError::BadRequest };
        return lines(desk.lang, r.status(), vec![messages::page_error(&p, desk.lang)]);
    }
    r
}

use axum::extract::State;
