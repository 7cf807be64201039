use super::*;
use crate::engine::number::dec;

#[test]
fn scales_to_round_numbers() {
    assert_eq!(scale(dec("0"), dec("2017")), Some((dec("0"), dec("2500"), dec("500"))));
    assert_eq!(scale(dec("-30"), dec("95")), Some((dec("-40"), dec("100"), dec("20"))));
    assert_eq!(scale(dec("0"), dec("0")), Some((dec("0"), dec("0.2"), dec("0.2"))));
    assert_eq!(scale(dec("0"), dec("0.0042")), Some((dec("0"), dec("0.005"), dec("0.001"))));
}

fn chart(kind: Kind) -> Chart<'static> {
    Chart {
        id: "c1",
        title: "Credits <per> period",
        desc: "d",
        x_label: "Period",
        y_label: "tCO2",
        kind,
        categories: vec!["P1".into(), "P2".into()],
        series: vec![
            Series { name: "RE".into(), values: vec![Some(dec("10.5")), Some(dec("1234567.25"))] },
            Series { name: "PE".into(), values: vec![None, Some(dec("3"))] },
        ],
        y_at_least: None,
        category_header: "Period",
    }
}

#[test]
fn draws_a_titled_chart_with_its_exact_numbers() {
    for kind in [Kind::Grouped, Kind::Stacked, Kind::Lines] {
        let html = chart(kind).render();
        assert!(html.contains("<title id=\"c1-t\">Credits &lt;per&gt; period</title>"), "{html}");
        assert!(html.contains("<td>1,234,567.25</td>") && html.contains("<td>—</td>"), "{html}");
        assert!(!html.contains("NaN") && !html.contains("e+"), "{html}");
        assert_eq!(html, chart(kind).render(), "the same figures give the same bytes");
    }
}
