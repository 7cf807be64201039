//! The page of `verify --format html`: the verdict first, then every reported figure against
//! the recomputed one, with each over- or under-statement marked; the rule, the tolerance, the
//! inputs of both runs and, under `--explain`, the trace.

use super::{Page, esc, thead};
use crate::report::verify::VerifyJson;
use crate::report::{grouped, human};
use rust_decimal::Decimal;
use std::fmt::Write;

pub fn render(v: &VerifyJson) -> String {
    let mut page = Page::default();
    // The verdict is the report's own sentence (the table's `Result:` line, the JSON's `verdict`).
    let (class, verdict) =
        if v.passes { ("ok", format!("✓ Verified: {}", v.verdict)) } else { ("bad", format!("✗ Not verified: {}", v.verdict)) };
    let mut s = format!(
        "<section>\n<p class=\"kicker\">JCM verification report</p>\n<h1>Verification of {} · {}</h1>\n<div class=\"banner {class}\" role=\"status\">{}</div>\n<dl class=\"meta\">\n\
         <dt>Methodology</dt><dd>{} version {}</dd>\n<dt>Reported figures</dt><dd><code>{}</code>{}</dd>\n",
        esc(&v.project.id),
        esc(&v.project.title),
        esc(&verdict),
        esc(&v.project.methodology),
        esc(&v.project.methodology_version),
        esc(&v.reported.file),
        v.reported.jcm_version.as_deref().map_or_else(String::new, |j| format!(" (a jcm {} report)", esc(j)))
    );
    if let Some(src) = &v.reported.source {
        let _ = writeln!(s, "<dt>Source</dt><dd>{}</dd>", esc(src));
    }
    let _ = writeln!(s, "<dt>Tolerance</dt><dd>{}</dd>\n</dl>", esc(&v.tolerance));
    s.push_str("<h2>Reported against recomputed</h2>\n<p class=\"note\">Difference = reported − recomputed: positive means the report over-states the figure, negative that it under-states it.</p>\n<div class=\"wide\"><table>\n");
    s.push_str(&thead(&["Period", "Figure", "Reported", "Recomputed", "Difference", "Compared at", "Verdict"]));
    s.push_str("<tbody>\n");
    for f in &v.figures {
        let shown =
            f.difference.map_or_else(|| "—".to_string(), |d| if d > Decimal::ZERO { format!("+{}", grouped(d)) } else { grouped(d) });
        let mark = match (f.verdict.passes(), f.direction) {
            (true, _) => format!("✓ {}", f.verdict.text()),
            (false, Some(d)) => format!("✗ {}: {}", f.verdict.text(), d.text()),
            (false, None) => format!("✗ {}", f.verdict.text()),
        };
        let _ = writeln!(
            s,
            "<tr{}><th>{}</th><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"verdict\">{}</td></tr>",
            if f.verdict.passes() { "" } else { " class=\"differs\"" },
            esc(f.period.as_deref().unwrap_or("whole report")),
            esc(f.figure),
            esc(&f.reported),
            // A number grouped for reading; `itmo` as its word (true or false).
            f.recomputed_value.map(human).or_else(|| f.recomputed.clone()).unwrap_or_else(|| "—".into()),
            shown,
            esc(&f.compared_at),
            esc(&mark)
        );
    }
    s.push_str("</tbody></table></div>\n");
    let _ = writeln!(s, "<p><strong>Rule:</strong> {}.</p>", esc(v.rule));
    if !v.inputs_compared.is_empty() {
        s.push_str("<h2>Inputs against the reported run</h2>\n<table>\n");
        s.push_str(&thead(&["Role", "This run", "Reported run", "SHA-256"]));
        s.push_str("<tbody>\n");
        for i in v.inputs_compared {
            let _ = writeln!(
                s,
                "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                if i.same { "" } else { " class=\"differs\"" },
                esc(&i.role),
                esc(i.ours.as_deref().unwrap_or("—")),
                esc(i.theirs.as_deref().unwrap_or("—")),
                if i.same { "same" } else { "DIFFERENT" }
            );
        }
        s.push_str("</tbody></table>\n");
    }
    page.push(&s);
    super::inputs(&mut page, &v.inputs);
    if let Some(t) = &v.trace {
        super::trace::render(&mut page, t);
    }
    page.push("</section>\n");
    page.finish(&format!("Verification of {} — JCM", v.project.id))
}
