//! The calculation of a project: per monitoring period, bind the values, evaluate the
//! equations, turn ER into whole credits, split them into calendar-year vintages, allocate them
//! among the parties, and flag ITMOs; for CCS projects, apply the net-reduction method, put the
//! reserve aside and keep the reserve ledger ([`ccs`]). Pure: it reads the loaded project and
//! the monitoring data the pipeline read ([`crate::pipeline`]), does no I/O, and returns a
//! [`Calculation`] for the report to be built from.

pub mod bind;
pub mod buffer;
pub mod ccs;
pub mod correct;
pub mod evaluate;
pub mod exante;
pub mod history;
pub mod issuance;
pub mod monthly;
pub mod serials;

use crate::diag::{Code, Diagnostic, Diags, Failure};
use crate::engine::allocation::Party;
use crate::methodology::model::Mitigation;
use crate::monitoring::Monitoring;
use crate::project::Project;
use crate::project::model::VintageSplit;
use bind::Bound;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One calendar-year share of a period's credits.
#[derive(Debug, Clone, PartialEq)]
pub struct Vintage {
    pub year: i32,
    pub credits: i64,
    /// The weight the split used: the slice's own ER (tCO2) or its days.
    pub weight: Decimal,
    /// Of these credits, the CCS reversal reserve's or the buffer's (0 for other projects).
    pub reserve: i64,
}

/// Credits to one party.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    pub party: Party,
    pub credits: i64,
    pub itmo: bool,
}

#[derive(Debug, Clone)]
pub struct PeriodResult {
    pub id: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub days: i64,
    pub re: Decimal,
    pub pe: Decimal,
    pub er: Decimal,
    pub credits: i64,
    pub vintages: Vec<Vintage>,
    /// How the vintages were weighted in fact (days when the slices' ER could not be used).
    pub vintage_split: VintageSplit,
    pub allocation: Vec<Share>,
    /// Japan's credits of this period are ITMOs (authorized, vintage ≥ 2021, aligned partner).
    pub itmo: bool,
    /// Every symbol's value and origin, for the trace.
    pub bound: Bound,
    /// CCS projects: the net-reduction method, its effect, the reserve deposit.
    pub ccs: Option<ccs::CcsPeriod>,
    /// The period's serial blocks, per vintage and party, then the reserve ([`serials`]).
    pub blocks: Vec<serials::Block>,
    /// Projects with `[buffer]`: the buffer deposit.
    pub buffer: Option<buffer::BufferPeriod>,
}

impl PeriodResult {
    /// Credits deposited in the CCS reversal reserve or the buffer (0 for other projects).
    pub fn reserve(&self) -> i64 {
        self.ccs.as_ref().map(|c| c.reserve).or(self.buffer.as_ref().map(|b| b.reserve)).unwrap_or(0)
    }

    /// Credits the allocation shares: all of them, less the CCS reserve or the buffer.
    pub fn for_allocation(&self) -> i64 {
        self.credits - self.reserve()
    }
}

#[derive(Debug, Clone)]
pub struct Issuance {
    pub credits: i64,
    /// Credits deposited in the CCS reversal reserve or the buffer; the allocation shares the rest.
    pub reserve: i64,
    /// Credits allocated to the parties: credits − reserve.
    pub allocated: i64,
    pub allocation: Vec<Share>,
    pub corresponding_adjustment: i64,
}

#[derive(Debug, Clone)]
pub struct Calculation {
    pub periods: Vec<PeriodResult>,
    pub issuance: Issuance,
    pub rows_used: u64,
    pub rows_outside: u64,
    pub first_outside: Option<(String, u64)>,
    /// Headings of the monitoring files that are not used (see `Monitoring::not_used`).
    pub columns_not_used: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    /// The meter corrections applied to the readings (see [`correct`]).
    pub corrections: Vec<correct::Applied>,
    /// The input files and their SHA-256, for reproducibility.
    pub inputs: Vec<crate::inputs::InputFile>,
    /// CCS projects and projects with `[buffer]`: the reversal reserve, deposits and cancellations.
    pub ledger: Option<crate::engine::ledger::ReserveLedger>,
    /// Projects with `[buffer]`: where each reversal of the ledger came from, in its order.
    pub reversal_origins: Vec<buffer::ReversalOrigin>,
    /// Problems found that do not stop the results (a reserve shortfall): `calc` exits 1.
    pub problems: Vec<Diagnostic>,
    /// The monitored values month by month, per parameter and point (for charts).
    pub monthly: Vec<monthly::Series>,
    /// Columns whose unit converts to their parameter's by a ratio that does not terminate
    /// (GJ → MWh): (column header, parameter unit, ratio). Their readings are summed exactly
    /// and the sum divided once, where a true third is rounded: the report names it.
    pub inexact_units: Vec<(String, String, String)>,
}

/// Compute a project over its monitoring data.
pub fn calculate(project: &Project, mon: &Monitoring) -> Result<Calculation, Failure> {
    let m = &project.methodology;
    crate::project::history::check_for_calc(project)?;
    let base = bind::bind_static(project);
    // The values of every earlier yearly step, oldest first, for `past`.
    let mut steps = history::steps(project, &base);
    let mut d = Diags::default();
    let columns = |sym: usize| -> Vec<String> {
        mon.columns.iter().filter(|c| c.sym == sym).map(|c| format!("{} ({})", c.header, mon.files[c.file].path)).collect()
    };
    let mut periods = Vec::new();
    for (pi, period) in project.periods.iter().enumerate() {
        let slices = &mon.periods[pi];
        let all: Vec<_> = slices.iter().map(|s| &s.cells).collect();
        let mut bound = match bind::bind_monitored(project, &base, &all, &columns) {
            Ok(b) => b,
            Err(miss) => {
                d.push(Diagnostic::new(
                    Code::NoReadings,
                    format!(
                        "no readings of {}{} in period {}",
                        miss.symbol,
                        miss.point.map(|p| format!(" at point {p}")).unwrap_or_default(),
                        period.id
                    ),
                ));
                continue;
            }
        };
        if let Err(e) = evaluate::evaluate_with(project, &mut bound, period.days(), &format!("period {}", period.id), &steps) {
            d.push(e);
            continue;
        }
        if m.uses_history {
            steps.push(bound.values.clone());
        }
        let (re, pe, er) = (evaluate::scalar(&bound, m.re), evaluate::scalar(&bound, m.pe), evaluate::scalar(&bound, m.er));
        let arithmetic =
            |msg: String| Diagnostic::new(Code::Arithmetic, format!("period {}: {msg}", period.id)).in_file(project.src.path.clone());
        let mut ccs_period = match &project.ccs {
            None => None,
            Some(c) => match ccs::period(project, c, &bound, er) {
                Ok(x) => Some(x),
                Err(msg) => {
                    d.push(arithmetic(msg));
                    continue;
                }
            },
        };
        let credited = ccs_period.as_ref().map_or(er, |c| c.credited_er);
        let credits = issuance::credits(credited, project.settings.credit_rounding);
        if er < Decimal::ZERO {
            let message = match (m.mitigation, &project.buffer) {
                (Mitigation::Removal, Some(_)) => format!(
                    "period {}: net removals are negative ({} tCO2: stored carbon was lost), so it issues 0 credits and the loss is settled from the buffer",
                    period.id,
                    er.normalize()
                ),
                (Mitigation::Removal, None) => format!(
                    "period {}: net removals are negative ({} tCO2: stored carbon was lost), so it issues 0 credits; the project has no [buffer] to settle the loss from",
                    period.id,
                    er.normalize()
                ),
                (Mitigation::Reduction, _) => {
                    format!("period {}: emission reductions are negative ({} tCO2), so it issues 0 credits", period.id, er.normalize())
                }
            };
            d.push(Diagnostic::new(Code::NegativeEr, message).in_file(project.src.path.clone()));
        }
        let Some(credits) = credits else {
            d.push(
                Diagnostic::new(Code::Arithmetic, format!("period {}: ER {} is too large to count as credits", period.id, er))
                    .in_file(project.src.path.clone()),
            );
            continue;
        };
        let (mut vintages, split) = issuance::vintages(project, &base, slices, credits, &columns, &mut d, &period.id);
        if let (Some(c), Some(cp)) = (&project.ccs, &mut ccs_period) {
            if let Err(msg) = ccs::deposit(c, cp, credits, &mut vintages) {
                d.push(arithmetic(msg));
                continue;
            }
        }
        let buffer_period = match &project.buffer {
            None => None,
            Some(b) => match buffer::deposit(b, credits, &mut vintages) {
                Ok(x) => Some(x),
                Err(msg) => {
                    d.push(arithmetic(msg.clone()));
                    continue;
                }
            },
        };
        periods.push(PeriodResult {
            id: period.id.clone(),
            start: period.start,
            end: period.end,
            days: period.days(),
            re,
            pe,
            er,
            credits,
            vintages,
            vintage_split: split,
            allocation: Vec::new(),
            itmo: false,
            bound,
            ccs: ccs_period,
            blocks: Vec::new(),
            buffer: buffer_period,
        });
    }
    if d.has_errors() {
        return Err(Failure(d.items));
    }
    let issuance = issuance::allocate(project, &mut periods, &mut d);
    let (ledger, reversal_origins, problems) = match (&project.ccs, &project.buffer) {
        (Some(c), _) => match ccs::ledger(project, c, &periods) {
            Ok((l, p)) => (Some(l), Vec::new(), p),
            Err(e) => {
                d.push(e);
                (None, Vec::new(), Vec::new())
            }
        },
        (None, Some(b)) => match buffer::ledger(project, b, &periods) {
            Ok((l, o, p)) => (Some(l), o, p),
            Err(e) => {
                d.push(e);
                (None, Vec::new(), Vec::new())
            }
        },
        (None, None) => (None, Vec::new(), Vec::new()),
    };
    let monthly = monthly::series(mon).unwrap_or_else(|| {
        d.push(
            Diagnostic::new(Code::Arithmetic, "the readings of one month, over two periods, are too large to add up")
                .in_file(project.src.path.clone()),
        );
        Vec::new()
    });
    let warnings = d.finish()?;
    serials::number(&project.country, &project.id, &project.allocation, &mut periods);
    Ok(Calculation {
        periods,
        issuance,
        rows_used: mon.rows_used,
        rows_outside: mon.rows_outside,
        first_outside: mon.first_outside.clone(),
        columns_not_used: mon.not_used.clone(),
        warnings,
        corrections: Vec::new(),
        inputs: crate::inputs::of(project, &mon.files),
        ledger,
        reversal_origins,
        problems,
        monthly,
        inexact_units: inexact_units(project, mon),
    })
}

/// The columns of [`Calculation::inexact_units`], each header once.
fn inexact_units(project: &Project, mon: &Monitoring) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    for c in &mon.columns {
        if let Some(ratio) = &c.inexact {
            let unit = project.methodology.symbols[c.sym].unit.to_string();
            if !out.iter().any(|(h, _, _)| *h == c.header) {
                out.push((c.header.clone(), unit, ratio.clone()));
            }
        }
    }
    out
}
