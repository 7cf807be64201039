//! Validation of project.toml against its methodology: points and their attributes, values for
//! every project parameter, monitoring periods (ordered, no gaps or overlaps, inside the
//! crediting period, not straddling 31 Dec 2020 / 1 Jan 2021), allocation and Article-6 status;
//! `[ccs]` in [`super::ccs`].
//! Every problem found is reported, not only the first.

use super::ccs;
use super::model::{Allocation, Attr, Notified, Period, Point, Project, Settings, VintageSplit};
use super::raw::{RawAllocation, RawProject};
use super::{estimate, history, options};
use crate::countries;
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::engine::allocation::{Policy, Shares};
use crate::engine::rounding::Mode;
use crate::methodology::model::Kind;
use crate::methodology::{self, Methodology};
use crate::tomlx;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Where project.toml is for a path that names the folder or the file itself.
pub fn project_file(path: &Path) -> PathBuf {
    if path.is_dir() { path.join("project.toml") } else { path.to_path_buf() }
}

/// A path with `.` removed and `a/..` folded, lexically (no file-system access), so that
/// `examples/x/discount/../injection.csv` is shown as `examples/x/injection.csv`. A `..` that
/// climbs above the start of a relative path is kept.
pub fn clean_path(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.is_empty() { PathBuf::from(".") } else { out.iter().collect() }
}

/// Whether a project must declare [allocation].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AllocationNeed {
    /// `calc`: credits are allocated.
    Required,
    /// `calc --ex-ante`: only the estimate is computed.
    Optional,
    /// `check`: required, except for a project at the PDD stage ([estimate], no [[periods]]).
    UnlessPddStage,
}

/// Read and validate a project. Returns the project and its warnings.
pub fn load(path: &Path) -> Result<(Project, Vec<Diagnostic>), Failure> {
    load_with(path, AllocationNeed::Required)
}

/// Read a project at the PDD stage, for `calc --ex-ante`: [allocation] may still be missing.
pub fn load_ex_ante(path: &Path) -> Result<(Project, Vec<Diagnostic>), Failure> {
    load_with(path, AllocationNeed::Optional)
}

/// A project at the PDD stage: an [estimate] and no monitoring periods yet.
pub fn is_pdd_stage(project: &Project) -> bool {
    project.periods.is_empty() && project.estimate.is_some()
}

fn load_with(path: &Path, need: AllocationNeed) -> Result<(Project, Vec<Diagnostic>), Failure> {
    let (project, d) = match load_inner(path, need) {
        Ok((p, d)) => (p, d),
        Err(f) => (None, f.0),
    };
    let failed = d.iter().any(Diagnostic::is_error);
    match project {
        Some(p) if !failed => Ok((p, d)),
        _ => Err(Failure(d)),
    }
}

/// Read and validate a project as far as it goes, for `jcm check`: every diagnostic, and the
/// project whenever its file and methodology could be read, even if it has errors (a missing
/// value then reads as 0, a missing allocation as none), so later stages can still be checked.
pub fn load_all(path: &Path) -> (Option<Project>, Vec<Diagnostic>) {
    match load_inner(path, AllocationNeed::UnlessPddStage) {
        Ok((p, d)) => (p, d),
        Err(f) => (None, f.0),
    }
}

fn load_inner(path: &Path, need: AllocationNeed) -> Result<(Option<Project>, Vec<Diagnostic>), Failure> {
    let file = project_file(path);
    let text = std::fs::read_to_string(&file).map_err(|e| {
        let hint = if path.is_dir() { "a project folder holds a project.toml" } else { "give a project folder or its project.toml" };
        Failure::one(
            Diagnostic::new(Code::Io, format!("cannot read {}: {e}", file.display())).in_file(file.display().to_string()).hint(hint),
        )
    })?;
    let src = Source::new(file.display().to_string(), text);
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let raw: RawProject = tomlx::parse(&src)?;
    let methodology = methodology::resolve(raw.project.methodology.get_ref(), &dir).map_err(|mut f| {
        for d in &mut f.0 {
            if d.file.is_none() {
                *d = d.clone().at(&src, raw.project.methodology.span());
            }
        }
        f
    })?;
    let mut d = Diags::default();
    let pdd_stage = raw.periods.is_empty() && raw.estimate.is_some();
    let require_allocation = match need {
        AllocationNeed::Required => true,
        AllocationNeed::Optional => false,
        AllocationNeed::UnlessPddStage => !pdd_stage,
    };
    let project = build(raw, methodology, src, dir, require_allocation, &mut d);
    Ok((project, d.items))
}

/// A point attribute or a value: a quantity, or a word.
pub fn attr(v: &Spanned<toml::Value>, src: &Source) -> Result<Attr, Diagnostic> {
    match v.get_ref() {
        toml::Value::String(s) => match crate::engine::number::parse_text(s) {
            // A string that reads as a quantity is a quantity ("50%", "0.533"); others are words.
            Ok(x) if s.trim().starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') => Ok(Attr::Num(x)),
            _ => Ok(Attr::Text(s.clone())),
        },
        _ => tomlx::decimal(v, src).map(Attr::Num),
    }
}

fn build(raw: RawProject, m: Methodology, src: Source, dir: PathBuf, require_allocation: bool, d: &mut Diags) -> Option<Project> {
    let h = &raw.project;
    let country = h.country.get_ref().trim().to_uppercase();
    let mut partner_aligned = false;
    match countries::partner(&country) {
        Some(c) => partner_aligned = c.status == countries::Article6Status::Aligned,
        None => d.push(
            Diagnostic::new(Code::NotPartner, format!("`{country}` is not a JCM partner country"))
                .at(&src, h.country.span())
                .hint("use the ISO 3166-1 alpha-2 code of a partner; `jcm countries` lists them"),
        ),
    }
    let ccs = raw.ccs.as_ref().and_then(|c| ccs::build(c, &src, d));
    ccs::check_methodology(&m, raw.ccs.is_some(), &src, h.methodology.span(), d);
    let crediting = ccs::crediting(h.crediting_period.as_ref(), ccs.as_ref(), raw.ccs.is_some(), &src, h.id.span(), d);

    let points = build_points(&raw, &m, &src, d);
    let values = build_values(&raw, &m, &src, d);
    check_parameter_values(&m, &points, &values, &src, h.methodology.span(), d);
    options::check_choices(&m, &values, &src, h.methodology.span(), d);
    let needed = options::needed(&m, &values);
    let estimate = raw.estimate.as_ref().map(|e| estimate::build(e, &m, &points, &src, d));
    let history = history::build(&raw.history, &m, &src, d);
    // A CCS project's periods are checked against the injection period instead (they may run past its end).
    let periods = build_periods(&raw, &src, if raw.ccs.is_some() { None } else { crediting }, d);
    if let Some(c) = &ccs {
        ccs::check_periods(c, &raw.periods, &src, d);
        ccs::check_reversals(c, &periods, &src, d);
    }
    let monitoring_files = match &raw.monitoring {
        None => Vec::new(),
        Some(mon) => match mon.file.get_ref() {
            toml::Value::String(s) => vec![clean_path(&dir.join(s))],
            toml::Value::Array(a) if a.iter().all(toml::Value::is_str) && !a.is_empty() => {
                a.iter().filter_map(|x| x.as_str()).map(|s| clean_path(&dir.join(s))).collect()
            }
            _ => {
                d.push(Diagnostic::new(Code::TomlSchema, "`file` must be a file name or a list of file names").at(&src, mon.file.span()));
                Vec::new()
            }
        },
    };
    let allocation = match &raw.allocation {
        Some(a) => build_allocation(a, &periods, &src, d),
        None if !require_allocation => Some(options::undeclared_allocation()),
        None if raw.periods.is_empty() && raw.estimate.is_some() => {
            d.push(
                Diagnostic::new(Code::BadAllocation, "the project has no [allocation], [[periods]] or [monitoring] yet")
                    .in_file(src.path.clone())
                    .hint("a project at the PDD stage is estimated with `jcm calc --ex-ante`, from its [estimate]"),
            );
            None
        }
        None => {
            d.push(
                Diagnostic::new(Code::BadAllocation, "the project has no [allocation]")
                    .in_file(src.path.clone())
                    .hint("add [allocation] with japan_government = \"50%\", partner_government = \"0%\", project_participants = \"rest\" and rounding = \"japan-ceil\""),
            );
            None
        }
    };
    let (authorized, aligned_override) = match &raw.article6 {
        Some(a) => (*a.authorized.get_ref(), a.partner_aligned),
        None => (false, None),
    };
    let settings = build_settings(&raw, &src, d);
    let corrections = super::corrections::build(&raw.corrections, &m, &points, &src, d);

    // Built even when there are errors (the caller decides), with neutral stand-ins for what
    // could not be read.
    let crediting = crediting.unwrap_or((NaiveDate::MIN, NaiveDate::MAX));
    let allocation = allocation.unwrap_or_else(|| Allocation::Notified(BTreeMap::new()));
    Some(Project {
        id: h.id.get_ref().clone(),
        title: h.title.clone().unwrap_or_default(),
        country,
        description: h.description.clone(),
        methodology_ref: h.methodology.get_ref().clone(),
        methodology: m,
        crediting,
        values,
        points,
        periods,
        monitoring_files,
        allocation,
        allocation_source: raw.allocation.as_ref().and_then(|a| a.get_ref().source.clone()),
        authorized,
        partner_aligned: aligned_override.unwrap_or(partner_aligned),
        settings,
        ccs,
        corrections,
        estimate,
        history,
        needed,
        src,
        dir,
    })
}

fn build_points(raw: &RawProject, m: &Methodology, src: &Source, d: &mut Diags) -> Vec<Point> {
    let mut points: Vec<Point> = Vec::new();
    for p in &raw.points {
        let span = p.span();
        let table = p.get_ref();
        let Some(idv) = table.get("id") else {
            d.push(
                Diagnostic::new(Code::TomlSchema, "a [[points]] entry has no `id`")
                    .at(src, span)
                    .hint("give every point an id, e.g. id = \"PV1\""),
            );
            continue;
        };
        let Some(id) = d.take(tomlx::string(idv, src, "a point id").map_err(Failure::one)) else { continue };
        if points.iter().any(|q| q.id == id) {
            d.push(Diagnostic::new(Code::DuplicatePoint, format!("point `{id}` is declared twice")).at(src, idv.span()));
            continue;
        }
        let index = match table.get("index") {
            Some(iv) => {
                let name = tomlx::string(iv, src, "index").unwrap_or_default();
                match m.indexes.iter().position(|i| i.name == name) {
                    Some(k) => k,
                    None => {
                        d.push(
                            Diagnostic::new(Code::UnknownName, format!("methodology {} has no index `{name}`", m.id)).at(src, iv.span()),
                        );
                        0
                    }
                }
            }
            None if m.indexes.len() > 1 => {
                let names: Vec<&str> = m.indexes.iter().map(|i| i.name.as_str()).collect();
                d.push(
                    Diagnostic::new(Code::MissingValue, format!("point `{id}` must say which index it belongs to"))
                        .at(src, idv.span())
                        .hint(format!("add index = one of {}", names.join(", "))),
                );
                0
            }
            None => 0,
        };
        let mut attrs = BTreeMap::new();
        for (k, v) in table {
            if k == "id" || k == "index" {
                continue;
            }
            if let Some(a) = d.take(attr(v, src).map_err(Failure::one)) {
                attrs.insert(k.clone(), (a, v.span()));
            }
        }
        points.push(Point { id, index, attrs, span: idv.span() });
    }
    points
}

fn build_values(raw: &RawProject, m: &Methodology, src: &Source, d: &mut Diags) -> BTreeMap<String, (Attr, Range<usize>)> {
    let lookup_words: Vec<&str> = m
        .symbols
        .iter()
        .filter_map(|s| match &s.kind {
            Kind::Fixed { by: Some(b), .. } if s.index.is_none() && m.symbol(b).is_none() => Some(b.as_str()),
            _ => None,
        })
        .collect();
    let mut values = BTreeMap::new();
    for (k, v) in &raw.values {
        let known = m.symbol(k).is_some_and(|(_, s)| matches!(s.kind, Kind::Project | Kind::Fixed { .. } | Kind::Choice { .. }))
            || lookup_words.contains(&k.as_str());
        if !known {
            let mut diag =
                Diagnostic::new(Code::UnknownName, format!("`{k}` is not a project or fixed parameter of {}", m.id)).at(src, v.span());
            let candidates = m
                .symbols
                .iter()
                .filter(|s| matches!(s.kind, Kind::Project | Kind::Fixed { .. } | Kind::Choice { .. }))
                .map(|s| s.name.as_str());
            if let Some(s) = methodology::load::suggest(k, candidates) {
                diag = diag.hint(format!("did you mean `{s}`?"));
            } else if let Some((_, s)) = m.symbol(k) {
                diag = diag.hint(format!("`{k}` is {} and cannot be set in [values]", s.kind_name()));
            }
            d.push(diag);
            continue;
        }
        if let Some(a) = d.take(attr(v, src).map_err(Failure::one)) {
            values.insert(k.clone(), (a, v.span()));
        }
    }
    values
}

/// Every project parameter has a value, every lookup finds its key, every value is in bounds.
fn check_parameter_values(
    m: &Methodology,
    points: &[Point],
    values: &BTreeMap<String, (Attr, Range<usize>)>,
    src: &Source,
    at: Range<usize>,
    d: &mut Diags,
) {
    for s in &m.symbols {
        let in_bounds = |v: Decimal, span: Range<usize>, d: &mut Diags| {
            if let Some(why) = s.bounds.violation(v) {
                d.push(Diagnostic::new(Code::OutOfBounds, format!("{} = {} is {why}", s.name, v.normalize())).at(src, span));
            }
        };
        let number = |a: &(Attr, Range<usize>), what: &str, d: &mut Diags| match &a.0 {
            Attr::Num(x) => Some(*x),
            Attr::Text(t) => {
                d.push(Diagnostic::new(Code::BadNumber, format!("{what} must be a number, found \"{t}\"")).at(src, a.1.clone()));
                None
            }
        };
        match (&s.kind, s.index) {
            (Kind::Project, None) => match values.get(&s.name) {
                Some(a) => {
                    if let Some(x) = number(a, &s.name, d) {
                        in_bounds(x, a.1.clone(), d);
                    }
                }
                None => d.push(
                    Diagnostic::new(Code::MissingValue, format!("project parameter `{}` ({}) has no value", s.name, s.unit))
                        .at(src, at.clone())
                        .hint(format!(
                            "add it under [values]: {} = …{}",
                            s.name,
                            s.description.as_ref().map(|t| format!("  # {t}")).unwrap_or_default()
                        )),
                ),
            },
            (Kind::Project, Some(ix)) => {
                for p in points.iter().filter(|p| p.index == ix) {
                    match p.attrs.get(&s.name) {
                        Some(a) => {
                            if let Some(x) = number(a, &format!("{} of point {}", s.name, p.id), d) {
                                in_bounds(x, a.1.clone(), d);
                            }
                        }
                        None => d.push(
                            Diagnostic::new(Code::MissingValue, format!("point `{}` has no value for `{}` ({})", p.id, s.name, s.unit))
                                .at(src, p.span.clone())
                                .hint(format!("add {} = … to this [[points]] entry", s.name)),
                        ),
                    }
                }
            }
            (Kind::Fixed { default, by, table, .. }, ix) => {
                if let Some(a) = values.get(&s.name) {
                    if let Some(x) = number(a, &s.name, d) {
                        in_bounds(x, a.1.clone(), d);
                        d.push(
                            Diagnostic::new(
                                Code::OverrideDefault,
                                format!("[values] overrides the methodology's value of `{}` with {}", s.name, x.normalize()),
                            )
                            .at(src, a.1.clone())
                            .hint("an override must be documented in the PDD; it is shown in the output"),
                        );
                    }
                }
                let Some(by) = by else { continue };
                if m.symbol(by).is_some_and(|(_, c)| matches!(c.kind, Kind::Category { .. } | Kind::Choice { .. })) {
                    continue; // picked per monitoring row by the recorded category, or by an option (checked with the options)
                }
                let keys = || table.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(", ");
                let check_key = |key: &(Attr, Range<usize>), whose: &str, d: &mut Diags| match &key.0 {
                    Attr::Text(t) if table.iter().any(|(k, _)| k == t) => {}
                    Attr::Text(t) => d.push(
                        Diagnostic::new(Code::UnknownName, format!("{whose}{by} = \"{t}\" is not in the table of `{}`", s.name))
                            .at(src, key.1.clone())
                            .hint(format!("the methodology defines {}", keys())),
                    ),
                    Attr::Num(_) => {
                        d.push(Diagnostic::new(Code::TomlSchema, format!("{whose}{by} must be one of {}", keys())).at(src, key.1.clone()))
                    }
                };
                match ix {
                    Some(ix) => {
                        for p in points.iter().filter(|p| p.index == ix) {
                            if p.attrs.contains_key(&s.name) {
                                continue;
                            }
                            match p.attrs.get(by) {
                                Some(key) => check_key(key, &format!("point {}: ", p.id), d),
                                None if default.is_some() => {}
                                None => d.push(
                                    Diagnostic::new(
                                        Code::MissingValue,
                                        format!("point `{}` has no `{by}`, which picks `{}` from the methodology's table", p.id, s.name),
                                    )
                                    .at(src, p.span.clone())
                                    .hint(format!("add {by} = one of {}", keys())),
                                ),
                            }
                        }
                    }
                    None if values.contains_key(&s.name) => {}
                    None => match values.get(by) {
                        Some(key) => check_key(key, "", d),
                        None if default.is_some() => {}
                        None => d.push(
                            Diagnostic::new(
                                Code::MissingValue,
                                format!("[values] has no `{by}`, which picks `{}` from the methodology's table", s.name),
                            )
                            .at(src, at.clone())
                            .hint(format!("add {by} = one of {}", keys())),
                        ),
                    },
                }
            }
            _ => {}
        }
    }
    let n_indexes = m.indexes.len();
    if n_indexes > 0 && points.is_empty() {
        d.push(
            Diagnostic::new(
                Code::MissingValue,
                format!("methodology {} sums over {}s, but the project declares no [[points]]", m.id, m.indexes[0].label),
            )
            .at(src, at)
            .hint("add a [[points]] entry with an id for each monitoring point"),
        );
    }
}

fn build_periods(raw: &RawProject, src: &Source, crediting: Option<(NaiveDate, NaiveDate)>, d: &mut Diags) -> Vec<Period> {
    let mut periods = Vec::new();
    for p in &raw.periods {
        let r = p.get_ref();
        let (Some(start), Some(end)) =
            (d.take(tomlx::date(&r.start, src).map_err(Failure::one)), d.take(tomlx::date(&r.end, src).map_err(Failure::one)))
        else {
            continue;
        };
        let span = p.span();
        let id = r.id.get_ref().clone();
        if periods.iter().any(|q: &Period| q.id == id) {
            d.push(Diagnostic::new(Code::DuplicatePoint, format!("period `{id}` is declared twice")).at(src, r.id.span()));
        }
        if end < start {
            d.push(Diagnostic::new(Code::BadDate, format!("period {id} ends ({end}) before it starts ({start})")).at(src, r.end.span()));
            continue;
        }
        let split = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or(start);
        if start < split && end >= split {
            d.push(
                Diagnostic::new(Code::PeriodStraddles2021, format!("period {id} ({start} to {end}) straddles 31 Dec 2020 / 1 Jan 2021"))
                    .at(src, r.end.span())
                    .hint("the Joint Committee splits monitoring periods there (pre-Article-6 and Article-6 eras): end this one on 2020-12-31 and start the next on 2021-01-01"),
            );
        }
        if let Some((cs, ce)) = crediting {
            if start < cs || end > ce {
                d.push(
                    Diagnostic::new(
                        Code::PeriodOutside,
                        format!("period {id} ({start} to {end}) lies outside the crediting period ({cs} to {ce})"),
                    )
                    .at(src, if start < cs { r.start.span() } else { r.end.span() }),
                );
            }
        }
        periods.push(Period { id, start, end, span });
    }
    periods.sort_by_key(|p| p.start);
    for w in periods.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if b.start <= a.end {
            d.push(
                Diagnostic::new(
                    Code::PeriodOverlap,
                    format!("periods {} ({} to {}) and {} ({} to {}) overlap", a.id, a.start, a.end, b.id, b.start, b.end),
                )
                .at(src, b.span.clone())
                .hint("a day belongs to one monitoring period only"),
            );
        } else if a.end.succ_opt() != Some(b.start) {
            d.push(
                Diagnostic::new(
                    Code::PeriodGap,
                    format!(
                        "periods {} and {} leave a gap from {} to {}",
                        a.id,
                        b.id,
                        a.end.succ_opt().unwrap_or(a.end),
                        b.start.pred_opt().unwrap_or(b.start)
                    ),
                )
                .at(src, b.span.clone())
                .hint("monitoring periods follow each other without gaps"),
            );
        }
    }
    periods
}

enum ShareText {
    Fraction(Decimal),
    Rest,
}

fn share(v: &Option<Spanned<toml::Value>>, src: &Source, d: &mut Diags) -> Option<ShareText> {
    let v = v.as_ref()?;
    if v.get_ref().as_str() == Some("rest") {
        return Some(ShareText::Rest);
    }
    let x = d.take(tomlx::decimal(v, src).map_err(Failure::one))?;
    if x < Decimal::ZERO || x > Decimal::ONE {
        d.push(
            Diagnostic::new(Code::BadAllocation, format!("a share must lie between 0% and 100%, found {}", x.normalize()))
                .at(src, v.span())
                .hint("write a percentage such as \"50%\""),
        );
        return None;
    }
    Some(ShareText::Fraction(x))
}

fn whole(v: &Spanned<toml::Value>, src: &Source, d: &mut Diags) -> Option<i64> {
    let x = d.take(tomlx::decimal(v, src).map_err(Failure::one))?;
    if !x.fract().is_zero() || x < Decimal::ZERO {
        d.push(
            Diagnostic::new(Code::BadAllocation, format!("a notified amount is a whole number of credits, found {}", x.normalize()))
                .at(src, v.span()),
        );
        return None;
    }
    // Dropped silently, a partner amount too large to count would read as "not public".
    let n = i64::try_from(x).ok();
    if n.is_none() {
        d.push(
            Diagnostic::new(Code::BadAllocation, format!("a notified amount of {} credits is too large to count", x.normalize()))
                .at(src, v.span()),
        );
    }
    n
}

fn build_allocation(a: &Spanned<RawAllocation>, periods: &[Period], src: &Source, d: &mut Diags) -> Option<Allocation> {
    let span = a.span();
    let a = a.get_ref();
    if !a.notified.is_empty() {
        let mut map = BTreeMap::new();
        for n in &a.notified {
            let nspan = n.span();
            let n = n.get_ref();
            let pid = n.period.get_ref().clone();
            if !periods.iter().any(|p| p.id == pid) {
                d.push(
                    Diagnostic::new(Code::UnknownName, format!("notified amounts name period `{pid}`, which is not a [[periods]] id"))
                        .at(src, n.period.span()),
                );
            }
            let japan = whole(&n.japan_government, src, d);
            let partner = n.partner_government.as_ref().and_then(|v| whole(v, src, d));
            let participants = n.project_participants.as_ref().and_then(|v| whole(v, src, d));
            if n.partner_government.is_some() != n.project_participants.is_some() {
                d.push(
                    Diagnostic::new(
                        Code::BadAllocation,
                        "give both partner_government and project_participants, or neither (when only Japan's amount is public)",
                    )
                    .at(src, nspan.clone()),
                );
            }
            if map.contains_key(&pid) {
                d.push(
                    Diagnostic::new(Code::DuplicatePoint, format!("period `{pid}` has notified amounts twice")).at(src, n.period.span()),
                );
            }
            if let Some(japan) = japan {
                map.insert(pid, Notified { japan, partner, participants, span: nspan, source: n.source.clone() });
            }
        }
        for p in periods {
            if !map.contains_key(&p.id) {
                d.push(
                    Diagnostic::new(Code::BadAllocation, format!("period {} has no [[allocation.notified]] amounts", p.id))
                        .at(src, span.clone())
                        .hint("notified allocations need one entry per period"),
                );
            }
        }
        return Some(Allocation::Notified(map));
    }
    let policy = match &a.rounding {
        None => Policy::JapanCeil,
        Some(r) => match Policy::parse(r.get_ref()) {
            Some(p) => p,
            None => {
                d.push(
                    Diagnostic::new(Code::BadAllocation, format!("rounding `{}` is not known", r.get_ref()))
                        .at(src, r.span())
                        .hint("write japan-ceil, largest-remainder or floor-to-participants"),
                );
                return None;
            }
        },
    };
    let per_vintage = match a.per.as_ref().map(|p| (p.get_ref().as_str(), p.span())) {
        None | Some(("period", _)) => false,
        Some(("vintage", _)) => true,
        Some((other, at)) => {
            d.push(
                Diagnostic::new(Code::BadAllocation, format!("per = `{other}` is not known"))
                    .at(src, at)
                    .hint("write \"period\" or \"vintage\""),
            );
            false
        }
    };
    let parts = [share(&a.japan_government, src, d), share(&a.partner_government, src, d), share(&a.project_participants, src, d)];
    let rests = parts.iter().filter(|p| matches!(p, Some(ShareText::Rest))).count();
    let given: Decimal = parts.iter().map(|p| if let Some(ShareText::Fraction(x)) = p { *x } else { Decimal::ZERO }).sum();
    let missing = parts.iter().filter(|p| p.is_none()).count();
    if a.japan_government.is_none() {
        d.push(
            Diagnostic::new(Code::BadAllocation, "the allocation has no japan_government share")
                .at(src, span.clone())
                .hint("write japan_government = \"50%\" (or \"0%\" for a project without Japanese funding)"),
        );
        return None;
    }
    if rests > 1 {
        d.push(Diagnostic::new(Code::BadAllocation, "only one party can take the \"rest\"").at(src, span));
        return None;
    }
    let rest = Decimal::ONE - given;
    if rest < Decimal::ZERO {
        d.push(
            Diagnostic::new(
                Code::BadAllocation,
                format!("the shares add up to {}%, more than 100%", (given * Decimal::ONE_HUNDRED).normalize()),
            )
            .at(src, span),
        );
        return None;
    }
    if rests == 0 && missing == 0 && !rest.is_zero() {
        d.push(
            Diagnostic::new(Code::BadAllocation, format!("the shares add up to {}%, not 100%", (given * Decimal::ONE_HUNDRED).normalize()))
                .at(src, span)
                .hint("give one party \"rest\""),
        );
        return None;
    }
    // A party that is not mentioned gets nothing, except that the participants take the rest.
    let value = |p: &Option<ShareText>, takes_rest: bool| match p {
        Some(ShareText::Fraction(x)) => *x,
        Some(ShareText::Rest) => rest,
        None if takes_rest => rest,
        None => Decimal::ZERO,
    };
    let participants_take_rest = rests == 0 && parts[2].is_none();
    let shares =
        Shares { japan: value(&parts[0], false), partner: value(&parts[1], false), participants: value(&parts[2], participants_take_rest) };
    Some(Allocation::Shares { shares, policy, per_vintage })
}

fn build_settings(raw: &RawProject, src: &Source, d: &mut Diags) -> Settings {
    let mut s = Settings { credit_rounding: Mode::Down, vintage_split: VintageSplit::SliceEr };
    let Some(r) = &raw.settings else { return s };
    if let Some(c) = &r.credit_rounding {
        match Mode::parse(c.get_ref()) {
            Some(m) => s.credit_rounding = m,
            None => d.push(
                Diagnostic::new(Code::BadSetting, format!("credit_rounding `{}` is not known", c.get_ref()))
                    .at(src, c.span())
                    .hint("write down, up or half-up"),
            ),
        }
    }
    if let Some(v) = &r.vintage_split {
        match v.get_ref().as_str() {
            "slice-er" => s.vintage_split = VintageSplit::SliceEr,
            "days" => s.vintage_split = VintageSplit::Days,
            other => d.push(
                Diagnostic::new(Code::BadSetting, format!("vintage_split `{other}` is not known"))
                    .at(src, v.span())
                    .hint("write slice-er or days"),
            ),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_cleaned_lexically() {
        assert_eq!(clean_path(Path::new("examples/x/discount/../injection.csv")), Path::new("examples/x/injection.csv"));
        assert_eq!(clean_path(Path::new("./a/./b.csv")), Path::new("a/b.csv"));
        assert_eq!(clean_path(Path::new("../shared/b.csv")), Path::new("../shared/b.csv"));
        assert_eq!(clean_path(Path::new("/data/p/../m.csv")), Path::new("/data/m.csv"));
    }

    #[test]
    fn a_notified_amount_too_large_to_count_is_an_error() {
        #[derive(serde::Deserialize)]
        struct Doc {
            allocation: Spanned<RawAllocation>,
        }
        let text = "[[allocation.notified]]\nperiod = \"MP1\"\njapan_government = 10\n\
                    partner_government = \"100000000000000000000\"\nproject_participants = 5\n";
        let src = Source::new("project.toml", text);
        let doc: Doc = tomlx::parse(&src).unwrap();
        let day = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
        let periods = [Period { id: "MP1".into(), start: day, end: day, span: 0..0 }];
        let mut d = Diags::default();
        build_allocation(&doc.allocation, &periods, &src, &mut d);
        let codes: Vec<Code> = d.items.iter().map(|x| x.code).collect();
        assert_eq!(codes, vec![Code::BadAllocation], "{:?}", d.items);
    }
}
