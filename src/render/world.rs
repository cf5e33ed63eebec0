//! The only door between Typst and the outside: an in-memory file set
//! (templates and the data file) and the embedded fonts. Nothing else can be
//! read, whatever a template or a cell asks for.

use std::collections::HashMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use typst_kit::fonts::FontStore;

pub struct PacketWorld {
    library: LazyHash<Library>,
    fonts: &'static FontStore,
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
}

/// The file id of a path in the project, e.g. `/data.json`.
pub fn id(path: &str) -> Option<FileId> {
    Some(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).ok()?).intern())
}

impl PacketWorld {
    /// `templates` are (file name, Typst source); `data` are (path, bytes);
    /// `main.typ` is compiled. `today` answers `datetime.today()`.
    pub fn new(
        fonts: &'static FontStore,
        templates: &[(String, String)],
        data: &[(String, Vec<u8>)],
        today: Option<(i32, u8, u8)>,
    ) -> Self {
        let mut sources = HashMap::new();
        let mut files = HashMap::new();
        for (name, text) in templates {
            if let Some(id) = id(&format!("/{name}")) {
                sources.insert(id, Source::new(id, text.clone()));
                files.insert(id, Bytes::new(text.clone().into_bytes()));
            }
        }
        for (name, bytes) in data {
            if let Some(id) = id(&format!("/{name}")) {
                files.insert(id, Bytes::new(bytes.clone()));
            }
        }
        PacketWorld {
            library: LazyHash::new(Library::default()),
            fonts,
            main: id("/main.typ").expect("static path"),
            sources,
            files,
            today: today.and_then(|(y, m, d)| Datetime::from_ymd(y, m, d)),
        }
    }
}

impl World for PacketWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.sources.get(&id) {
            Some(s) => Ok(s.clone()),
            None if self.files.contains_key(&id) => Err(FileError::NotSource),
            None => Err(FileError::NotFound(id.get().vpath().get_with_slash().into())),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_with_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}
