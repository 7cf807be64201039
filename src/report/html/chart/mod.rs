//! Charts as inline SVG: grouped or stacked bars and month-by-month lines, each with a title,
//! axis labels with units, a legend, and its numbers in a table beside it.
//!
//! Hand-written rather than drawn with a plotting crate: plotters lays text out with font
//! metrics, which it takes from the system fonts (font-kit, fontconfig) or from a font file
//! bundled into the binary (ab_glyph), and computes coordinates in f64. Here every coordinate is
//! computed with exact decimals and rounded to a tenth of a pixel, text is left to the viewer's
//! own sans-serif, and the same figures always give the same bytes.
//!
//! Colours are the Okabe–Ito palette, which colour-blind readers can tell apart; each bar series
//! also has its own hatching and each line its own dash and marker, so a black-and-white print
//! keeps them apart too.

use super::esc;
use crate::report::{grouped, human};
use rust_decimal::Decimal;
use std::fmt::Write;

/// Okabe & Ito (2008), "Color Universal Design", in the order the series take them.
const PALETTE: [&str; 8] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
/// Lines drawn over each bar series' colour (in a 6 × 6 tile), so that series differ in grey.
const HATCH: [&str; 8] = ["", "M0,6 L6,0", "M0,3 L6,3", "M3,0 L3,6", "M0,0 L6,6", "M0,6 L6,0 M0,0 L6,6", "M0,1.5 L6,1.5 M0,4.5 L6,4.5", ""];
const DASH: [&str; 8] = ["", "6 3", "2 2", "8 3 2 3", "4 4", "10 2", "1 3", "12 4"];

const WIDTH: i64 = 640;
const HEIGHT: i64 = 330;
const TOP: i64 = 12;
const RIGHT: i64 = 14;
/// Space under the plot for the category labels and the x-axis title.
const BOTTOM: i64 = 52;
/// Height of one legend row.
const LEGEND_ROW: i64 = 18;

/// One series: a value per category (or month); `None` where it has none.
pub struct Series {
    pub name: String,
    pub values: Vec<Option<Decimal>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bars side by side in each category.
    Grouped,
    /// Bars on top of each other in each category (values must not be negative).
    Stacked,
    /// Lines through the categories (months), broken where a value is missing.
    Lines,
}

pub struct Chart<'a> {
    /// Unique in the page: the SVG's ids are built from it.
    pub id: &'a str,
    pub title: &'a str,
    /// What the chart shows, for screen readers (`<desc>`).
    pub desc: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub kind: Kind,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// The y axis reaches at least this far (e.g. 100 for percentages of a target).
    pub y_at_least: Option<Decimal>,
    /// The header of the table's first column.
    pub category_header: &'a str,
}

/// A number as an SVG coordinate: a tenth of a pixel at most, no trailing zeros.
fn px(v: Decimal) -> String {
    crate::report::exact(v.round_dp(1))
}

/// Rough width of a label in the 11 px sans-serif the charts use; only for laying out the legend
/// and the left margin, where a few pixels either way do not matter.
fn text_width(s: &str) -> i64 {
    i64::try_from(s.chars().count()).unwrap_or(i64::MAX / 8).saturating_mul(6) + 4
}

/// Axis bounds and step: round numbers (1, 2 or 5 × a power of ten) that hold every value and 0.
fn scale(lo: Decimal, hi: Decimal) -> Option<(Decimal, Decimal, Decimal)> {
    let (lo, hi) = (lo.min(Decimal::ZERO), hi.max(Decimal::ZERO));
    let span = if hi == lo { Decimal::ONE } else { hi.checked_sub(lo)? };
    let raw = span.checked_div(Decimal::from(8))?;
    let ten = Decimal::TEN;
    let mut p = Decimal::ONE;
    while p.checked_mul(ten)? <= raw {
        p *= ten;
    }
    while p > raw && p > Decimal::new(1, 20) {
        p /= ten;
    }
    let step = [1, 2, 5, 10].iter().map(|&k| p * Decimal::from(k)).find(|s| *s >= raw)?;
    let lo = (lo / step).floor().checked_mul(step)?;
    let mut hi = (hi / step).ceil().checked_mul(step)?;
    if hi == lo {
        hi = lo.checked_add(step)?;
    }
    Some((lo, hi, step))
}

impl Chart<'_> {
    /// The figure: the chart beside the table of its numbers. A chart whose values are too large
    /// to lay out keeps its table.
    pub fn render(&self) -> String {
        let svg = self.svg().unwrap_or_else(|| {
            format!("<p class=\"note\">{}: the values are too large to draw; the table gives them.</p>", esc(self.title))
        });
        format!(
            "<figure class=\"chart{}\">\n<figcaption>{}</figcaption>\n<div class=\"plot\">{svg}</div>\n<div class=\"data\">{}</div>\n</figure>\n",
            // A table of many columns goes under its chart, where it has the page's width.
            if self.series.len() > 3 { " below" } else { "" },
            esc(self.title),
            self.table()
        )
    }

    fn table(&self) -> String {
        let mut t =
            format!("<table class=\"num\">\n<caption>{}</caption>\n<thead><tr><th>{}</th>", esc(self.title), esc(self.category_header));
        for s in &self.series {
            let _ = write!(t, "<th>{}</th>", esc(&s.name));
        }
        t.push_str("</tr></thead>\n<tbody>\n");
        for (k, c) in self.categories.iter().enumerate() {
            if self.series.iter().all(|s| s.values.get(k).copied().flatten().is_none()) {
                continue;
            }
            let _ = write!(t, "<tr><th>{}</th>", esc(c));
            for s in &self.series {
                let v = s.values.get(k).copied().flatten().map_or_else(|| "—".to_string(), grouped);
                let _ = write!(t, "<td>{v}</td>");
            }
            t.push_str("</tr>\n");
        }
        t.push_str("</tbody>\n</table>");
        t
    }

    /// The legend's rows: each item's (row, x) in the SVG.
    fn legend(&self, left: i64) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        let (mut row, mut x) = (0, left);
        for s in &self.series {
            let w = 22 + text_width(&s.name) + 14;
            if x > left && x + w > WIDTH - RIGHT {
                row += 1;
                x = left;
            }
            out.push((row, x));
            x += w;
        }
        out
    }

    fn range(&self) -> Option<(Decimal, Decimal)> {
        let mut lo = Decimal::ZERO;
        let mut hi = self.y_at_least.unwrap_or(Decimal::ZERO);
        if self.kind == Kind::Stacked {
            for k in 0..self.categories.len() {
                let sum = self
                    .series
                    .iter()
                    .filter_map(|s| s.values.get(k).copied().flatten())
                    .try_fold(Decimal::ZERO, rust_decimal::Decimal::checked_add)?;
                hi = hi.max(sum);
            }
        } else {
            for v in self.series.iter().flat_map(|s| s.values.iter().copied().flatten()) {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
        Some((lo, hi))
    }

    fn svg(&self) -> Option<String> {
        let (lo, hi) = self.range()?;
        let (lo, hi, step) = scale(lo, hi)?;
        let ticks: Vec<Decimal> = {
            let mut t = Vec::new();
            let mut v = lo;
            while v <= hi {
                t.push(v);
                v = v.checked_add(step)?;
            }
            t
        };
        let left = ticks.iter().map(|t| text_width(&human(*t))).max().unwrap_or(20) + 30;
        let legend = self.legend(left);
        let legend_h = legend.last().map_or(0, |(r, _)| (r + 1) * LEGEND_ROW) + 6;
        let top = TOP + legend_h;
        let (pw, ph) = (WIDTH - left - RIGHT, HEIGHT - top - BOTTOM);
        let (pwd, phd) = (Decimal::from(pw), Decimal::from(ph));
        let y = |v: Decimal| -> Option<Decimal> { Some(Decimal::from(top) + (hi - v).checked_mul(phd)?.checked_div(hi - lo)?) };
        let id = self.id;
        let mut s = String::new();
        let _ = write!(
            s,
            "<svg viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" font-family=\"sans-serif\" font-size=\"11\">\n<title id=\"{id}-t\">{}</title>\n<desc id=\"{id}-d\">{}</desc>\n",
            esc(self.title),
            esc(self.desc)
        );
        if self.kind != Kind::Lines {
            s.push_str("<defs>");
            for (i, _) in self.series.iter().enumerate() {
                let _ = write!(
                    s,
                    "<pattern id=\"{id}-p{i}\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect width=\"6\" height=\"6\" fill=\"{}\"/>",
                    PALETTE[i % 8]
                );
                if !HATCH[i % 8].is_empty() {
                    let _ = write!(s, "<path d=\"{}\" stroke=\"#fff\" stroke-width=\"1.3\"/>", HATCH[i % 8]);
                }
                s.push_str("</pattern>");
            }
            s.push_str("</defs>\n");
        }
        // Grid and y axis.
        for t in &ticks {
            let ty = px(y(*t)?);
            let stroke = if t.is_zero() { "#555" } else { "#ddd" };
            let _ = write!(s, "<line x1=\"{left}\" x2=\"{}\" y1=\"{ty}\" y2=\"{ty}\" stroke=\"{stroke}\"/>", left + pw);
            let _ = writeln!(s, "<text x=\"{}\" y=\"{ty}\" dy=\"0.32em\" text-anchor=\"end\">{}</text>", left - 6, esc(&human(*t)));
        }
        let _ = writeln!(
            s,
            "<text transform=\"translate(14 {}) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">{}</text>",
            top + ph / 2,
            esc(self.y_label)
        );
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">{}</text>",
            left + pw / 2,
            HEIGHT - 8,
            esc(self.x_label)
        );
        let n = self.categories.len().max(1);
        let nd = Decimal::from(n);
        let band = pwd.checked_div(nd)?;
        // Category labels: all of them when they fit, else evenly spaced ones.
        let widest = self.categories.iter().map(|c| text_width(c)).max().unwrap_or(0);
        let every = usize::try_from((widest + 8) * i64::try_from(n).ok()? / pw.max(1) + 1).ok()?.max(1);
        for (k, c) in self.categories.iter().enumerate() {
            if k % every != 0 {
                continue;
            }
            let cx = Decimal::from(left) + band * (Decimal::from(k) + Decimal::new(5, 1));
            let _ = writeln!(s, "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", px(cx), top + ph + 16, esc(c));
        }
        match self.kind {
            Kind::Grouped | Kind::Stacked => self.bars(&mut s, left, band, &y)?,
            Kind::Lines => self.lines(&mut s, left, band, &y)?,
        }
        let _ = writeln!(s, "<line x1=\"{left}\" x2=\"{left}\" y1=\"{top}\" y2=\"{}\" stroke=\"#555\"/>", top + ph);
        // Legend.
        for (i, (ser, (row, x))) in self.series.iter().zip(&legend).enumerate() {
            let ly = TOP + row * LEGEND_ROW;
            if self.kind == Kind::Lines {
                let _ = write!(
                    s,
                    "<line x1=\"{x}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"{}\"/>",
                    x + 18,
                    ly + 6,
                    ly + 6,
                    PALETTE[i % 8],
                    DASH[i % 8]
                );
                s.push_str(&marker(i, Decimal::from(x + 9), Decimal::from(ly + 6)));
            } else {
                let _ = write!(
                    s,
                    "<rect x=\"{x}\" y=\"{ly}\" width=\"18\" height=\"12\" fill=\"url(#{id}-p{i})\" stroke=\"#333\" stroke-width=\"0.5\"/>"
                );
            }
            let _ = writeln!(s, "<text x=\"{}\" y=\"{}\" dy=\"0.32em\">{}</text>", x + 22, ly + 6, esc(&ser.name));
        }
        s.push_str("</svg>");
        Some(s)
    }

    fn bars(&self, s: &mut String, left: i64, band: Decimal, y: &dyn Fn(Decimal) -> Option<Decimal>) -> Option<()> {
        let id = self.id;
        let m = Decimal::from(self.series.len().max(1));
        // At most 56 px a bar, so that a chart of one period does not draw slabs.
        let inner = (band * Decimal::new(7, 1)).min(Decimal::from(56) * if self.kind == Kind::Stacked { Decimal::ONE } else { m });
        let pad = (band - inner) / Decimal::TWO;
        let zero = y(Decimal::ZERO)?;
        for k in 0..self.categories.len() {
            let x0 = Decimal::from(left) + band * Decimal::from(k) + pad;
            let mut base = Decimal::ZERO;
            for (i, ser) in self.series.iter().enumerate() {
                let Some(v) = ser.values.get(k).copied().flatten() else { continue };
                let (x, w, y1, y2) = if self.kind == Kind::Stacked {
                    let (a, b) = (y(base)?, y(base.checked_add(v)?)?);
                    base += v;
                    (x0, inner, a.min(b), a.max(b))
                } else {
                    let w = inner / m;
                    let yv = y(v)?;
                    (x0 + w * Decimal::from(i), w, yv.min(zero), yv.max(zero))
                };
                let _ = writeln!(
                    s,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"url(#{id}-p{i})\" stroke=\"#333\" stroke-width=\"0.5\"><title>{}, {}: {}</title></rect>",
                    px(x),
                    px(y1),
                    px(w),
                    px(y2 - y1),
                    esc(&ser.name),
                    esc(&self.categories[k]),
                    grouped(v)
                );
            }
        }
        Some(())
    }

    fn lines(&self, s: &mut String, left: i64, band: Decimal, y: &dyn Fn(Decimal) -> Option<Decimal>) -> Option<()> {
        let half = Decimal::new(5, 1);
        let points: usize = self.series.iter().map(|x| x.values.iter().flatten().count()).sum();
        for (i, ser) in self.series.iter().enumerate() {
            let mut d = String::new();
            let mut pen = false;
            let mut dots = String::new();
            for (k, v) in ser.values.iter().enumerate() {
                let Some(v) = v else {
                    pen = false;
                    continue;
                };
                let (cx, cy) = (Decimal::from(left) + band * (Decimal::from(k) + half), y(*v)?);
                let _ = write!(d, "{}{},{} ", if pen { "L" } else { "M" }, px(cx), px(cy));
                pen = true;
                if points <= 60 {
                    dots.push_str(&marker(i, cx, cy));
                }
            }
            let _ = writeln!(
                s,
                "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"{}\"><title>{}</title></path>{dots}",
                d.trim_end(),
                PALETTE[i % 8],
                DASH[i % 8],
                esc(&ser.name)
            );
        }
        Some(())
    }
}

/// A series' marker: circle, square, triangle, diamond, …, filled with its colour.
fn marker(i: usize, x: Decimal, y: Decimal) -> String {
    let c = PALETTE[i % 8];
    let (x, y) = (px(x), px(y));
    match i % 4 {
        0 => format!("<circle cx=\"{x}\" cy=\"{y}\" r=\"3\" fill=\"{c}\" stroke=\"#fff\" stroke-width=\"0.8\"/>"),
        1 => format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"6\" height=\"6\" transform=\"translate(-3 -3)\" fill=\"{c}\" stroke=\"#fff\" stroke-width=\"0.8\"/>"
        ),
        2 => format!(
            "<path d=\"M0,-4 L3.5,2.5 L-3.5,2.5 Z\" transform=\"translate({x} {y})\" fill=\"{c}\" stroke=\"#fff\" stroke-width=\"0.8\"/>"
        ),
        _ => format!(
            "<path d=\"M0,-4 L4,0 L0,4 L-4,0 Z\" transform=\"translate({x} {y})\" fill=\"{c}\" stroke=\"#fff\" stroke-width=\"0.8\"/>"
        ),
    }
}

#[cfg(test)]
mod tests;
