//! JUnit XML, the report format CI systems read.

use super::runner::TestResult;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {
                out.push_str(&format!("&#x{:x};", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// One `<testsuite>` per tournament, one `<testcase>` per inline test.
pub fn junit_xml(results: &[TestResult]) -> String {
    let mut suites: Vec<(&str, Vec<&TestResult>)> = Vec::new();
    for r in results {
        match suites.iter_mut().find(|(n, _)| *n == r.tournament) {
            Some((_, v)) => v.push(r),
            None => suites.push((&r.tournament, vec![r])),
        }
    }
    let failures = results.iter().filter(|r| !r.passed()).count();
    let mut xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tourney\" tests=\"{}\" failures=\"{failures}\">\n", results.len());
    for (name, cases) in suites {
        let f = cases.iter().filter(|r| !r.passed()).count();
        xml.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{f}\">\n",
            escape(name),
            cases.len()
        ));
        for c in cases {
            xml.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\">",
                escape(name),
                escape(&c.name)
            ));
            for fl in &c.failures {
                xml.push_str(&format!(
                    "\n      <failure message=\"{}\">{} — got {}</failure>",
                    escape(&fl.expectation),
                    escape(&fl.expectation),
                    escape(&fl.actual)
                ));
            }
            xml.push_str(if c.failures.is_empty() {
                "</testcase>\n"
            } else {
                "\n    </testcase>\n"
            });
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}
