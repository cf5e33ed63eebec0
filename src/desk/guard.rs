//! Who may ask. The desk listens on the loopback interface only; on top of that:
//! - the `Host` header must be the loopback address or `localhost` with the desk's
//!   port, so that a web page whose name was re-pointed at 127.0.0.1 (DNS
//!   rebinding) is refused;
//! - the address printed at the start carries a random token, exchanged on the
//!   first visit for an HttpOnly, SameSite=Strict cookie that every request must bring;
//! - a POST (the only way to change anything) must come from the desk's own page (`Origin`).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shiryo::error::{Error, Result};
use shiryo::messages::PageError;

use super::Desk;
use super::view;

/// A new token: 128 bits from the system's random source, in hex.
pub fn new_token() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::io(std::path::Path::new("getrandom"), std::io::Error::other(e.to_string())))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

pub async fn guard(State(desk): State<Arc<Desk>>, req: Request, next: Next) -> Response {
    let Some(host) = host(req.headers(), desk.port) else {
        return refuse(&desk, PageError::Host);
    };
    if let Some(given) = query_token(req.uri().query()) {
        if same(given, &desk.token) && req.method() == Method::GET {
            return welcome(&desk, req.uri().path());
        }
        return refuse(&desk, PageError::Token);
    }
    if !cookie(req.headers(), desk.port).is_some_and(|c| same(c, &desk.token)) {
        return refuse(&desk, PageError::Token);
    }
    if req.method() == Method::POST && !origin_ok(req.headers(), &host) {
        return refuse(&desk, PageError::Origin);
    }
    next.run(req).await
}

/// The Host header when it names this desk: 127.0.0.1, [::1] or localhost, with its port.
fn host(headers: &HeaderMap, port: u16) -> Option<String> {
    let h = headers.get(header::HOST)?.to_str().ok()?;
    let ok = ["127.0.0.1", "[::1]", "localhost"].iter().any(|name| h == format!("{name}:{port}"));
    ok.then(|| h.to_string())
}

/// A state-changing request must come from a page of this desk.
fn origin_ok(headers: &HeaderMap, host: &str) -> bool {
    headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()).is_some_and(|o| o == format!("http://{host}"))
}

fn query_token(query: Option<&str>) -> Option<&str> {
    query?.split('&').find_map(|kv| kv.strip_prefix("token="))
}

/// The cookie's name carries the port: two desks on one machine keep their own.
fn cookie_name(port: u16) -> String {
    format!("shiryo_desk_{port}")
}

fn cookie(headers: &HeaderMap, port: u16) -> Option<&str> {
    let name = cookie_name(port);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| kv.trim().strip_prefix(name.as_str())?.strip_prefix('='))
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The first visit: the token becomes a cookie, and the address loses it.
fn welcome(desk: &Desk, path: &str) -> Response {
    let cookie = format!("{}={}; HttpOnly; SameSite=Strict; Path=/", cookie_name(desk.port), desk.token);
    (StatusCode::SEE_OTHER, [(header::SET_COOKIE, cookie), (header::LOCATION, path.to_string())]).into_response()
}

fn refuse(desk: &Desk, why: PageError) -> Response {
    view::fail(desk.lang, &view::Fail::Page(why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let mut h = HeaderMap::new();
        for (value, ok) in [("127.0.0.1:8000", true), ("localhost:8000", true), ("[::1]:8000", true), ("127.0.0.1:8001", false), ("evil.example:8000", false), ("127.0.0.1", false)] {
            h.insert(header::HOST, value.parse().unwrap());
            assert_eq!(host(&h, 8000).is_some(), ok, "{value}");
        }
    }

    #[test]
    fn cookies() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "a=b; shiryo_desk_8000=xyz; shiryo_desk_80001=no".parse().unwrap());
        assert_eq!(cookie(&h, 8000), Some("xyz"));
        assert_eq!(cookie(&h, 9000), None);
    }
}
