//! A synthetic national year for scale: N prefectures with their real
//! municipalities (`inputs/municipalities-jp.csv`, CC0), grouped into blocks,
//! with joint cells and overlapping wide-area centres, and text recombined
//! from a real year's phrases (counts drawn from that year's distribution).
//!
//! The output is one year directory per prefecture under `<out>/<code>-<name>/`:
//! prefectures are independent packets, and units are told apart by their
//! local-government codes (file names carry the code).

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::{Block, Blocks, Centre, CentreItem, FieldValue, ItemCell, Pair, Unit, Year};
use crate::store;

use crate::model::code::{Municipality, municipalities};

/// Prefectures in code order with their municipalities.
pub fn prefectures() -> Vec<(String, Vec<Municipality>)> {
    let mut out: Vec<(String, Vec<Municipality>)> = Vec::new();
    for m in municipalities() {
        match out.last_mut() {
            Some((p, ms)) if *p == m.prefecture => ms.push(m),
            _ => out.push((m.prefecture.clone(), vec![m])),
        }
    }
    out
}

/// splitmix64: a small, seedable generator, so a seed gives the same sample
/// on every machine (the only randomness here; not for anything secret).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Phrases of a real year, by field.
struct Pool {
    /// Per item of the survey: the cells' line lists, to draw counts and lines from.
    items: Vec<Vec<Vec<String>>>,
    /// Per field of the survey: its answers.
    fields: Vec<Vec<FieldValue>>,
    pairs: Vec<Pair>,
    centre_lines: Vec<Vec<String>>,
}

impl Pool {
    fn of(year: &Year) -> Pool {
        let items = year
            .survey
            .items
            .iter()
            .map(|item| year.units.iter().filter_map(|u| u.item(&item.key)).map(|c| c.lines.clone()).collect())
            .collect();
        let fields = year
            .survey
            .fields
            .iter()
            .map(|f| {
                let values = year.units.iter().filter_map(|u| u.field(&f.key));
                values.map(|v| FieldValue { shared_with: vec![], ..v.clone() }).collect()
            })
            .collect();
        Pool {
            items,
            fields,
            pairs: year.units.iter().flat_map(|u| u.pairs.iter()).map(|i| Pair { shared_with: vec![], ..i.clone() }).collect(),
            centre_lines: year.centres.iter().flat_map(|c| c.items.iter().map(|i| i.lines.clone())).collect(),
        }
    }

    /// A cell: as many lines as a real cell of this item, each from any real cell of it.
    fn cell(&self, rng: &mut Rng, index: usize) -> Vec<String> {
        let cells = &self.items[index];
        let n = rng.pick(cells).len().max(1);
        (0..n)
            .map(|_| {
                let cell = rng.pick(cells).as_slice();
                rng.pick(cell).clone()
            })
            .collect()
    }
}

/// Writes a synthetic national year: `prefectures` prefectures (at most 47) from `base`'s phrases.
pub fn generate(base: &Year, prefectures_wanted: usize, seed: u64, out: &Path) -> Result<Vec<PathBuf>> {
    let pool = Pool::of(base);
    if pool.items.iter().any(|c| c.is_empty()) || pool.fields.iter().any(|f| f.is_empty()) || pool.pairs.is_empty() {
        return Err(Error::Template("the base year has too little text to sample from".into()));
    }
    let mut rng = Rng(seed);
    let mut dirs = Vec::new();
    for (pref, munis) in prefectures().into_iter().take(prefectures_wanted) {
        let year = prefecture_year(base, &pool, &mut rng, &pref, &munis);
        let code = munis.first().map(|m| &m.code[..2]).unwrap_or("00");
        let dir = out.join(format!("{code}-{pref}"));
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        store::save(&year, &dir)?;
        dirs.push(dir);
    }
    Ok(dirs)
}

/// One municipality's answers, drawn from the pool.
fn sample_unit(base: &Year, pool: &Pool, rng: &mut Rng, m: &Municipality) -> Unit {
    Unit {
        source: format!("units/{}-{}.toml", m.code, m.name),
        name: m.name.clone(),
        code: Some(m.code.clone()),
        fields: base.survey.fields.iter().zip(&pool.fields).map(|(f, values)| (f.key.clone(), rng.pick(values).clone())).collect(),
        items: base
            .survey
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| ItemCell { key: item.key.clone(), lines: pool.cell(rng, i), shared_with: vec![] })
            .collect(),
        pairs: (0..1 + rng.below(4)).map(|_| rng.pick(&pool.pairs).clone()).collect(),
        ..Default::default()
    }
}

/// Joint cells between neighbours (桑員-like): now and then an item two neighbours answered as one.
fn join_neighbours(base: &Year, rng: &mut Rng, units: &mut [Unit]) {
    for i in 0..units.len().saturating_sub(1) {
        let no = rng.below(base.survey.items.len().max(1));
        let free = |u: &Unit| u.items.get(no).is_some_and(|c| c.shared_with.is_empty());
        if rng.chance(25) && free(&units[i]) && free(&units[i + 1]) {
            let lines = units[i].items[no].lines.clone();
            let (a, bname) = (units[i].name.clone(), units[i + 1].name.clone());
            units[i].items[no].shared_with = vec![bname];
            let cell = &mut units[i + 1].items[no];
            cell.lines = lines;
            cell.shared_with = vec![a];
        }
    }
}

/// Wide-area centres of a block (松阪-like), sometimes two overlapping in one member.
fn sample_centres(base: &Year, pool: &Pool, rng: &mut Rng, label: &str, columns: &[String]) -> Vec<Centre> {
    let split = 1 + rng.below(columns.len() - 2);
    let mut centres = vec![columns[..=split].to_vec()];
    if rng.chance(50) {
        centres.push(columns[split..].to_vec());
    }
    let mut out = Vec::new();
    for (k, members) in centres.into_iter().enumerate() {
        let name = format!("{label}在宅医療・介護連携拠点{}", k + 1);
        let items = base
            .survey
            .items
            .iter()
            .filter(|i| i.wide)
            .filter_map(|i| {
                let key = i.key.clone();
                rng.chance(50).then(|| CentreItem { key, lines: rng.pick(&pool.centre_lines).clone() })
            })
            .collect();
        let source = format!("centres/{}.toml", store::file_name(&name).trim_end_matches(".toml"));
        out.push(Centre { source, name, members, items });
    }
    out
}

/// One prefecture's synthetic year: blocks of 2–5 neighbouring municipalities, their answers, a few joint
/// cells and centres, all drawn from the base year's phrases.
fn prefecture_year(base: &Year, pool: &Pool, rng: &mut Rng, pref: &str, munis: &[Municipality]) -> Year {
    let mut year = Year {
        survey: base.survey.clone(),
        packet: crate::model::Packet { prefecture: pref.into(), ..base.packet.clone() },
        schedule: base.schedule.clone(),
        programmes: base.programmes.clone(),
        blocks: Blocks { default_note: base.blocks.default_note.clone(), blocks: Vec::new() },
        units: Vec::new(),
        centres: Vec::new(),
        contacts: Default::default(),
    };
    // Blocks of 2–5 neighbouring municipalities, like Mie's.
    let mut rest = munis;
    let mut b = 0;
    while !rest.is_empty() {
        let n = (2 + rng.below(4)).min(rest.len());
        let n = if rest.len() - n == 1 { n + 1 } else { n };
        let (members, tail) = rest.split_at(n.min(rest.len()));
        rest = tail;
        b += 1;
        let label = format!("{}区域", members[0].name.trim_end_matches(['市', '町', '村', '区']));
        let columns: Vec<String> = members.iter().map(|m| m.name.clone()).collect();
        let mut units: Vec<Unit> = members.iter().map(|m| sample_unit(base, pool, rng, m)).collect();
        dedup_issues(&mut units);
        join_neighbours(base, rng, &mut units);
        if units.len() >= 3 && rng.chance(20) {
            year.centres.extend(sample_centres(base, pool, rng, &label, &columns));
        }
        year.units.extend(units);
        year.blocks.blocks.push(Block {
            label,
            regions: vec![format!("第{b}区域")],
            columns,
            summaries: rng.pick(&base.blocks.blocks).summaries.first().cloned().into_iter().collect(),
            note: None,
        });
    }
    year
}

/// One unit lists a 課題 once (the same phrase drawn twice would read as a share).
fn dedup_issues(units: &mut [Unit]) {
    for u in units {
        let mut seen = std::collections::HashSet::new();
        u.pairs.retain(|i| seen.insert(i.first.clone()));
    }
}
