//! Pages from templates: the embedded `templates/desk/*.j2`, HTML-escaped
//! (what a municipality typed is text on the page, never markup), with the
//! desk's words in the language asked for.

use std::sync::OnceLock;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Environment, Value, context};
use shiryo::error::Error;
use shiryo::lang::Lang;
use shiryo::messages;

const TEMPLATES: [(&str, &str); 7] = [
    ("preview.html.j2", include_str!("../../templates/desk/preview.html.j2")),
    ("base.html.j2", include_str!("../../templates/desk/base.html.j2")),
    ("years.html.j2", include_str!("../../templates/desk/years.html.j2")),
    ("board.html.j2", include_str!("../../templates/desk/board.html.j2")),
    ("unit.html.j2", include_str!("../../templates/desk/unit.html.j2")),
    ("result.html.j2", include_str!("../../templates/desk/result.html.j2")),
    ("message.html.j2", include_str!("../../templates/desk/message.html.j2")),
];

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
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

/// A page holding one message (a refusal, an error) with its status.
pub fn message(lang: Lang, status: StatusCode, text: &str) -> Response {
    let mut r = page(lang, "message.html.j2", context! { lines => vec![text.to_string()], status => status.as_u16() });
    *r.status_mut() = status;
    r
}

/// A library error as a page: its words, never a trace.
pub fn error(lang: Lang, e: &Error) -> Response {
    let status = match e {
        Error::NoSuchUnit(_) | Error::NoSuchVersion { .. } => StatusCode::NOT_FOUND,
        Error::Io { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let mut r = page(lang, "message.html.j2", context! { lines => messages::error(e, lang), status => status.as_u16() });
    *r.status_mut() = status;
    r
}
