//! The monitored values over time: one line chart per parameter, a line per point (eight to a
//! chart, as the palette has eight colours), month by month from the first reading to the last,
//! broken where a month has none.

use super::Page;
use super::chart::{Chart, Kind, Series};
use crate::report::monitored::MonitoredSeries;

/// `2021-03` → its month number (year × 12 + month − 1).
fn month_number(m: &str) -> Option<i32> {
    let (y, mo) = m.split_once('-')?;
    Some(y.parse::<i32>().ok()? * 12 + mo.parse::<i32>().ok()? - 1)
}

/// Each monitored parameter's values month by month: one chart per parameter, a line per point
/// (eight to a chart, as the palette has eight colours).
pub fn render(page: &mut Page, all: &[MonitoredSeries]) {
    if all.is_empty() {
        return;
    }
    page.push("<h2>Monitored values over time</h2>\n<p class=\"note\">Each month's readings as the monitoring files give them, per parameter and point: their sum for a parameter the methodology adds up, their mean otherwise.</p>\n");
    let mut symbols: Vec<&str> = Vec::new();
    for s in all {
        if !symbols.contains(&s.symbol.as_str()) {
            symbols.push(&s.symbol);
        }
    }
    for sym in symbols {
        let of: Vec<&MonitoredSeries> = all.iter().filter(|s| s.symbol == sym).collect();
        let numbers: Vec<i32> = of.iter().flat_map(|s| s.months.iter().filter_map(|m| month_number(&m.month))).collect();
        let (Some(&first), Some(&last)) = (numbers.iter().min(), numbers.iter().max()) else { continue };
        let months: Vec<i32> = (first..=last).collect();
        let names: Vec<String> = months.iter().map(|&k| crate::report::monitored::month_name(k)).collect();
        let head = of[0];
        let chunks: Vec<&[&MonitoredSeries]> = of.chunks(8).collect();
        for (c, chunk) in chunks.iter().enumerate() {
            let part = if chunks.len() > 1 {
                format!(" (points {} to {} of {})", c * 8 + 1, c * 8 + chunk.len(), of.len())
            } else {
                String::new()
            };
            let title = format!("{sym}: monthly {}{part}", head.per_month);
            let desc = format!(
                "{}, in {}, month by month from {} to {}.",
                head.description.as_deref().unwrap_or(sym),
                head.unit,
                names.first().map_or("", String::as_str),
                names.last().map_or("", String::as_str)
            );
            let series = chunk
                .iter()
                .map(|s| Series {
                    name: s.point.clone().unwrap_or_else(|| "all readings".into()),
                    values: names.iter().map(|n| s.months.iter().find(|m| &m.month == n).map(|m| m.value)).collect(),
                })
                .collect();
            let id = page.chart_id();
            let y_label = format!("{sym} per month ({})", head.unit);
            page.push(
                &Chart {
                    id: &id,
                    title: &title,
                    desc: &desc,
                    x_label: "Month",
                    y_label: &y_label,
                    kind: Kind::Lines,
                    categories: names.clone(),
                    series,
                    y_at_least: None,
                    category_header: "Month",
                }
                .render(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::number::dec;
    use crate::report::monitored::MonthValue;

    fn series(point: usize, months: &[(&str, &str)]) -> MonitoredSeries {
        MonitoredSeries {
            symbol: "EG".into(),
            description: None,
            unit: "MWh".into(),
            point: Some(format!("P{point}")),
            per_month: "sum",
            months: months.iter().map(|(m, v)| MonthValue { month: (*m).into(), value: dec(v), readings: 1 }).collect(),
        }
    }

    #[test]
    fn eight_points_to_a_chart_and_every_month_in_between() {
        let all: Vec<MonitoredSeries> = (1..=9).map(|k| series(k, &[("2021-11", "1"), ("2022-02", "2.5")])).collect();
        let mut page = Page::default();
        render(&mut page, &all);
        assert_eq!(page.body.matches("<svg").count(), 2);
        assert!(page.body.contains("EG: monthly sum (points 1 to 8 of 9)") && page.body.contains("(points 9 to 9 of 9)"));
        for m in ["2021-11", "2021-12", "2022-01", "2022-02"] {
            assert!(page.body.contains(&format!(">{m}<")), "{m} is on the axis");
        }
        assert_eq!(month_number("2022-01"), Some(2022 * 12));
    }
}
