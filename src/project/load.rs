//! Reading project.toml and validating it against its methodology into a [`Project`]: the
//! header, points and their attributes, [monitoring], [settings] and Article-6 status here;
//! [values] in [`super::values`], [[periods]] in [`super::periods`], [allocation] in
//! [`super::allocation`], `[ccs]` in [`super::ccs`], the rest in their own modules.
//! Every problem found is reported, not only the first.

use super::ccs;
use super::model::{Allocation, Point, Project, Settings, VintageSplit};
use super::raw::RawProject;
use super::values::attr;
use super::{allocation, estimate, history, options, periods, values};
use crate::countries;
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::engine::rounding::Mode;
use crate::methodology::Methodology;
use crate::tomlx;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Whether a project must declare [allocation].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllocationNeed {
    /// `calc`: credits are allocated.
    Required,
    /// `calc --ex-ante`: only the estimate is computed.
    Optional,
    /// `check`: required, except for a project at the PDD stage ([estimate], no [[periods]]).
    UnlessPddStage,
}

/// A project at the PDD stage: an [estimate] and no monitoring periods yet.
pub fn is_pdd_stage(project: &Project) -> bool {
    project.periods.is_empty() && project.estimate.is_some()
}

/// How a project's methodology reference is turned into the methodology (from the project's
/// folder): the pipeline reads a file or takes a bundled one.
pub type Resolve = dyn Fn(&str, &Path) -> Result<Arc<Methodology>, Failure>;

/// A project's warnings, or its errors: a project with an error is not returned.
pub fn finish(parsed: Result<(Option<Project>, Vec<Diagnostic>), Failure>) -> Result<(Project, Vec<Diagnostic>), Failure> {
    let (project, d) = match parsed {
        Ok((p, d)) => (p, d),
        Err(f) => (None, f.0),
    };
    let failed = d.iter().any(Diagnostic::is_error);
    match project {
        Some(p) if !failed => Ok((p, d)),
        _ => Err(Failure(d)),
    }
}

/// A project parsed from the text of its project.toml (`dir` is its folder) and validated
/// against its methodology, which `methodology` finds from the reference and the folder. The
/// project comes back with every diagnostic, errors included (the caller decides, as
/// [`finish`] does); a file that is no project.toml, or a methodology that cannot be had, is a
/// failure.
pub fn parse(
    src: Source,
    dir: PathBuf,
    need: AllocationNeed,
    methodology: &Resolve,
) -> Result<(Option<Project>, Vec<Diagnostic>), Failure> {
    let raw: RawProject = tomlx::parse(&src)?;
    let methodology = methodology(raw.project.methodology.get_ref(), &dir).map_err(|mut f| {
        for d in &mut f.0 {
            if d.file.is_none() {
                *d = d.clone().at(&src, raw.project.methodology.span());
            }
        }
        f
    })?;
    let mut d = Diags::default();
    let require_allocation = match need {
        AllocationNeed::Required => true,
        AllocationNeed::Optional => false,
        AllocationNeed::UnlessPddStage => !raw.is_pdd_stage(),
    };
    let project = build(&raw, methodology, src, dir, require_allocation, &mut d);
    Ok((Some(project), d.items))
}

/// A warning when the methodology lists the countries it is approved for and `country` is not
/// one of them (a methodology that names no country says nothing).
pub fn methodology_country(m: &Methodology, country: &str) -> Option<Diagnostic> {
    if m.countries.is_empty() || m.countries.iter().any(|c| c.trim().eq_ignore_ascii_case(country)) {
        return None;
    }
    Some(
        Diagnostic::new(
            Code::MethodologyCountry,
            format!("methodology {} is approved for {}, not for `{country}`", m.id, m.countries.join(", ")),
        )
        .hint("check the country and the methodology id: a JCM methodology is approved by one partner's Joint Committee"),
    )
}

fn build(raw: &RawProject, m: Arc<Methodology>, src: Source, dir: PathBuf, require_allocation: bool, d: &mut Diags) -> Project {
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
    if let Some(w) = methodology_country(&m, &country) {
        d.push(w.at(&src, h.country.span()));
    }
    let ccs = raw.ccs.as_ref().and_then(|c| ccs::build(c, &src, d));
    let buffer = raw.buffer.as_ref().and_then(|b| super::buffer::build(b, raw.ccs.is_some(), &src, d));
    ccs::check_methodology(&m, raw.ccs.is_some(), &src, h.methodology.span(), d);
    let crediting = ccs::crediting(h.crediting_period.as_ref(), ccs.as_ref(), raw.ccs.is_some(), &src, h.id.span(), d);

    let points = build_points(raw, &m, &src, d);
    let values = values::build(raw, &m, &src, d);
    values::check(&m, &points, &values, &src, h.methodology.span(), d);
    options::check_choices(&m, &values, &src, h.methodology.span(), d);
    let needed = options::needed(&m, &values);
    let estimate = raw.estimate.as_ref().map(|e| estimate::build(e, &m, &points, &src, d));
    let history = history::build(&raw.history, &m, &src, d);
    // A CCS project's periods are checked against the injection period instead (they may run past its end).
    let periods = periods::build(raw, &src, if raw.ccs.is_some() { None } else { crediting }, d);
    if let Some(c) = &ccs {
        ccs::check_periods(c, &raw.periods, &src, d);
        ccs::check_reversals(c, &periods, &src, d);
    }
    if let Some(b) = &buffer {
        super::buffer::check_reversals(b, &periods, &src, d);
    }
    let monitoring = raw.monitoring.as_ref().map(|mon| super::monitoring::build(mon, &m, &dir, &src, d)).unwrap_or_default();
    let monitoring_files = monitoring.files.clone();
    let allocation = match &raw.allocation {
        Some(a) => allocation::build(a, &periods, &src, d),
        None if !require_allocation => Some(options::undeclared_allocation()),
        None if raw.is_pdd_stage() => {
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
    let authorization = super::article6::build(raw.article6.as_ref(), &country, &src, d);
    let cycle = super::cycle::build(raw.cycle.as_ref(), &src, d);
    super::cycle::check_periods(&cycle, &periods, &src, d);
    let settings = build_settings(raw, &src, d);
    let corrections = super::corrections::build(&raw.corrections, &m, &points, &src, d);

    // Built even when there are errors (the caller decides), with neutral stand-ins for what
    // could not be read.
    let crediting = crediting.unwrap_or((NaiveDate::MIN, NaiveDate::MAX));
    let allocation = allocation.unwrap_or_else(|| Allocation::Notified(BTreeMap::new()));
    Project {
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
        monitoring,
        allocation,
        allocation_source: raw.allocation.as_ref().and_then(|a| a.get_ref().source.clone()),
        authorized,
        partner_aligned: aligned_override.unwrap_or(partner_aligned),
        authorization,
        cycle,
        settings,
        ccs,
        buffer,
        corrections,
        estimate,
        history,
        needed,
        src,
        dir,
    }
}

fn build_points(raw: &RawProject, m: &Methodology, src: &Source, d: &mut Diags) -> Vec<Point> {
    let mut points: Vec<Point> = Vec::new();
    // Ids seen so far: a set, so that tens of thousands of points load in linear time.
    let mut ids: std::collections::HashSet<String> = std::collections::HashSet::new();
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
        if !ids.insert(id.clone()) {
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
        match crate::engine::words::parse(v.get_ref()) {
            Some(split) => s.vintage_split = split,
            None => d.push(
                Diagnostic::new(Code::BadSetting, format!("vintage_split `{}` is not known", v.get_ref()))
                    .at(src, v.span())
                    .hint("write slice-er or days"),
            ),
        }
    }
    s
}
