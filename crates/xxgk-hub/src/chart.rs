//! Server-side SVG charts for the supervisor dashboard (plotters' SVG
//! backend; no fonts are loaded: the browser draws the text).

use plotters::prelude::*;

/// One bar group: an agency (or a year) and its series values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarGroup {
    pub label: String,
    pub values: Vec<i64>,
}

const PALETTE: [RGBColor; 4] =
    [RGBColor(31, 78, 140), RGBColor(196, 58, 49), RGBColor(90, 140, 60), RGBColor(200, 150, 30)];

/// A grouped bar chart, e.g. applications received and concluded per agency.
/// `series` names the values of each group. Returns SVG text.
pub fn grouped_bars(title: &str, series: &[&str], groups: &[BarGroup]) -> Result<String, String> {
    let mut svg = String::new();
    let height = 360;
    let width = (160 + groups.len() as u32 * 70).clamp(480, 1600);
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let max = groups.iter().flat_map(|g| g.values.iter().copied()).max().unwrap_or(0).max(1);
        let slots = series.len().max(1) as u32 + 1;
        let x_len = groups.len() as u32 * slots;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(60)
            .y_label_area_size(48)
            .build_cartesian_2d(0u32..x_len.max(1), 0i64..(max + max / 10 + 1))
            .map_err(|e| e.to_string())?;
        let labels: Vec<String> = groups.iter().map(|g| g.label.clone()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(groups.len().max(1))
            .x_label_formatter(&|x| {
                let i = (*x / slots) as usize;
                if *x % slots == 0 { labels.get(i).cloned().unwrap_or_default() } else { String::new() }
            })
            .y_desc("件")
            .draw()
            .map_err(|e| e.to_string())?;
        for (s, name) in series.iter().enumerate() {
            let color = PALETTE[s % PALETTE.len()];
            let bars = groups.iter().enumerate().map(|(g, group)| {
                let x = g as u32 * slots + s as u32;
                let value = group.values.get(s).copied().unwrap_or(0);
                Rectangle::new([(x, 0), (x + 1, value)], color.filled())
            });
            chart
                .draw_series(bars)
                .map_err(|e| e.to_string())?
                .label(*name)
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled()));
        }
        chart
            .configure_series_labels()
            .border_style(BLACK)
            .background_style(WHITE.mix(0.8))
            .draw()
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_bars_and_escapes_labels() {
        let groups = vec![
            BarGroup { label: "示范县教育局".into(), values: vec![12, 10] },
            BarGroup { label: "<script>".into(), values: vec![3, 3] },
        ];
        let svg = grouped_bars("申请办理情况", &["收到", "办结"], &groups).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("示范县教育局"));
        assert!(svg.contains("申请办理情况"));
        assert!(!svg.contains("<script>"), "labels are escaped");
        assert!(svg.matches("<rect").count() >= 4);
    }

    #[test]
    fn empty_input_still_draws() {
        assert!(grouped_bars("无数据", &["收到"], &[]).unwrap().starts_with("<svg"));
    }
}
