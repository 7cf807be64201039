//! [[periods]]: the monitoring periods, in date order, without gaps or overlaps, inside the
//! crediting period and not straddling 31 Dec 2020 / 1 Jan 2021, where the Joint Committee
//! splits the pre-Article-6 and Article-6 eras.

use super::model::Period;
use super::raw::RawProject;
use crate::diag::{Code, Diagnostic, Diags, Failure, Source};
use crate::tomlx;
use chrono::NaiveDate;

/// The valid periods, sorted by start; every problem goes to `d`.
pub fn build(raw: &RawProject, src: &Source, crediting: Option<(NaiveDate, NaiveDate)>, d: &mut Diags) -> Vec<Period> {
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
        let verified = super::cycle::located_date(r.verified.as_ref(), src, d);
        let issued = super::cycle::located_date(r.issued.as_ref(), src, d);
        periods.push(Period { id, start, end, span, verified, issued });
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
