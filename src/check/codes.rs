//! What each diagnostic code means and what to do about it, for `docs/diagnostics.md` (generated
//! from [`Code::ALL`] by [`document`]; a test keeps the file up to date) and for anyone reading
//! a report. Every code has a reproducer under `tests/check/<code>/` that the tests run.

use crate::diag::{Code, Severity};

/// The longer explanation of a code: when it is raised and how to fix it. Empty for a code
/// that has none yet (a test fails until it has).
pub fn describe(code: Code) -> &'static str {
    use Code::{
        Arithmetic, BadAllocation, BadCall, BadCategory, BadCell, BadContext, BadCorrection, BadDate, BadEncoding, BadEstimate, BadFinance,
        BadHistory, BadIndex, BadNumber, BadOffset, BadReported, BadSetting, BadWorkbook, BufferSetting, CcsSetting, CorrectionDirection,
        CorrectionUnused, CsvHeader, CsvSyntax, Cycle, CycleOrder, DifferentInputs, DifferentInputsAllowed, DuplicatePoint,
        DuplicateProject, DuplicateReading, ExprSyntax, FigureMismatch, Io, IssuedBeforeVerified, Magnitude, MethodologyCountry,
        MethodologyNotFound, MissingEquation, MissingMonths, MissingValue, NegativeEr, NoProjects, NoReadings, NotEmpty, NotPartner,
        OutOfBounds, OverrideDefault, PddStage, PeriodDateOrder, PeriodGap, PeriodOutside, PeriodOverlap, PeriodStraddles2021, Placeholder,
        ProjectsFailed, ReadingAfterInjection, RegisteredAfterIssuance, ReserveShortfall, ReversalDuringInjection, ReversalInPeriod,
        RowsOutside, TomlSchema, TomlSyntax, UnitMismatch, UnknownName, UnknownPoint, UnknownUnit, UnreportedPeriod, UnusedSymbol,
        VintageByDays, WithinTolerance,
    };
    match code {
        Io => {
            "A file named on the command line or in project.toml (the project, its methodology, a monitoring CSV, a reported-figures file) cannot be read: it does not exist, or is not readable. Paths in project.toml are relative to project.toml."
        }
        TomlSyntax => {
            "A TOML file does not parse: an unterminated string, a missing `=`, a date in quotes where a bare date was meant. The marker points where the parser stopped."
        }
        TomlSchema => {
            "A TOML key is unknown (often a typo such as `[alocation]`), missing (`id`, `unit`, `kind`) or of the wrong type. Unknown keys are refused so that a misspelt setting is never silently ignored."
        }
        BadNumber => {
            "A quantity is not an exact decimal: `12x.5`, `fifty percent`, `1e400`. Write a plain decimal (`0.533`), a string (`\"0.533\"`) or a percentage string (`\"50%\"`)."
        }
        UnknownUnit => {
            "A unit is not one `jcm` knows. Units are MWh, kWh, GWh, GJ, MJ, TJ, t, kg, tCO2, kgCO2, tCO2e, kL, L, m3, h, d, JPY and others (see formats.md), and products or quotients of them."
        }
        UnitMismatch => {
            "An expression adds or compares quantities of different dimensions (MWh + tCO2), an equation's result is not in its declared unit, or a CSV column's unit does not convert to its parameter's. Compatible units (kWh and MWh) convert exactly."
        }
        ExprSyntax => "An equation is not a valid expression: an unbalanced parenthesis, a missing operand, an unknown character.",
        UnknownName => {
            "An equation, a [[corrections]] entry, [values] or a point attribute names a parameter, equation, index or table key that does not exist. The hint suggests the closest name."
        }
        BadCall => {
            "A function is called with the wrong number or kind of arguments: `sum` needs an index and an expression, `round` a whole number of places, `min`/`max` at least one argument."
        }
        Cycle => "Equations depend on each other in a loop (RE uses LOSS, LOSS uses RE). The message gives the loop.",
        BadIndex => {
            "An indexed name (one value per point) is used without `[i]`, a scalar is indexed, or RE, PE or ER is indexed: they must be one value for the project."
        }
        MissingEquation => {
            "The methodology lacks RE, PE or ER, one of them is a parameter, or a fixed parameter has neither a default nor a table."
        }
        MethodologyNotFound => {
            "project.toml names a methodology that is neither bundled (`jcm methodologies` lists them) nor a file at the given path."
        }
        BadDate => {
            "A date is not a valid calendar date (`2021-02-30`), a monitoring CSV date is not YYYY-MM-DD[THH:MM[:SS]], or a range ends before it starts."
        }
        PeriodOverlap => "Two monitoring periods share a day. A day belongs to one period only.",
        PeriodGap => "Monitoring periods leave days between them. Periods follow each other without gaps.",
        PeriodOutside => {
            "A monitoring period starts before or ends after the crediting period. In a CCS project the crediting period is the injection period, and a monitoring period must start inside it (it may run past its end)."
        }
        PeriodStraddles2021 => {
            "A monitoring period spans 31 Dec 2020 / 1 Jan 2021, where the Joint Committee splits periods (pre-Article-6 and Article-6 eras)."
        }
        UnknownPoint => "A CSV row or a [[corrections]] entry names a monitoring point that is not declared in project.toml [[points]].",
        DuplicatePoint => "A point, period, name or notified period is declared twice.",
        MissingValue => {
            "A project parameter has no value in [values] or on a point, a point lacks the attribute a table lookup needs, or the methodology sums over points and the project declares none."
        }
        BadAllocation => {
            "The allocation is invalid: shares outside 0-100% or adding up to more than 100%, two parties taking the rest, no [allocation], or notified amounts that are not whole, miss a period, or do not add up to the period's credits."
        }
        BadSetting => {
            "A [settings] value is not one of those allowed (credit_rounding: down, up, half-up; vintage_split: slice-er, days), or an [article6] word is not: `purpose` is `ndc`, `oimp` or a list of both, `first_transfer` (for OIMP only) is `authorization`, `issuance` or `use`."
        }
        CsvSyntax => {
            "A CSV row cannot be parsed or has more or fewer fields than the header (quote a value that contains a comma). Past 20 problems in a file the rest are counted."
        }
        CsvHeader => {
            "The CSV header is empty, repeats a column, lacks `date` (or `point` for per-point parameters), or names a column that is not a monitored parameter of the methodology."
        }
        DuplicateReading => {
            "A parameter has two readings at the same time at the same point, or its readings go back in time. Readings are listed in time order, once each."
        }
        BadCell => {
            "A CSV cell is empty or not a plain decimal (`12x.5`, `1e3`, `50%`). Thousands separators are allowed when quoted: \"1,234.5\"."
        }
        OutOfBounds => {
            "A reading or a project value lies outside the parameter's `min`/`max` (a negative meter reading, an efficiency above 1)."
        }
        NoReadings => {
            "A monitored parameter has no column in any monitoring file, no readings at a point in a period, or the project has no [monitoring] file."
        }
        BadEncoding => {
            "A monitoring CSV holds bytes that are not text in its encoding: UTF-8 unless [monitoring] says `encoding = \"shift_jis\"` (Windows code page 932) or `\"auto\"`. The message names the line of the first bad byte; the hint says `encoding = \"shift_jis\"` when the file reads as code page 932, as a CSV saved by a Japanese Excel does."
        }
        BadWorkbook => {
            "A monitoring workbook (.xlsx, .xlsm, .xls, .xlsb, .ods) cannot be opened, has no sheet of the name in `sheet`, or a cell needed holds a formula whose result was never stored (a workbook written by a program and not yet opened in Excel or LibreOffice)."
        }
        Arithmetic => {
            "A calculation divides by zero or overflows the 28 significant digits of an exact decimal, for the values of a period."
        }
        RowsOutside => {
            "Monitoring rows fall outside every monitoring period and are not used (`calc` reports the count in its footer; `check` warns). Usually a period is missing or a date is mistyped."
        }
        NegativeEr => "A period's ER is negative: it issues 0 credits (domain.md §2, a working rule).",
        OverrideDefault => {
            "[values] replaces a methodology default. Allowed, but it must be documented in the PDD; the override shows in the output and in the trace."
        }
        NotPartner => "The project's country is not one of the JCM partner countries (`jcm countries` lists them).",
        VintageByDays => {
            "A period over several calendar years could not be split into vintages by each year's own ER (a year lacks readings, or its ER is negative), so days were used instead."
        }
        MethodologyCountry => {
            "The methodology's `countries` does not include the project's `country`: a JCM methodology is approved by one partner's Joint Committee, for that country. Check the country code and the methodology id; a methodology of your own lists the countries it is meant for. `check --strict` makes this an error."
        }
        Placeholder => {
            "A line of project.toml still holds a `TODO` that `jcm new` wrote for a value to take from the PDD (the id, the crediting period, the shares, a point's attributes). Put in the value and delete the `TODO`, comment included; the warning names each line."
        }
        BadCorrection => {
            "A [[corrections]] entry is invalid: it names a parameter that is not monitored, a point that is not one of the parameter's, an error of 0% or of 100% or more, an unknown direction, or it covers readings another entry already corrects."
        }
        CorrectionDirection => {
            "`jcm` cannot tell which way is conservative for a meter correction: moving the parameter by its error around its values in the corrected periods raises ER in one place and lowers it in another (or ER cannot be evaluated there). Give `direction = \"down\"` (readings × (1 − error)) or `\"up\"` (× (1 + error)) explicitly."
        }
        BadReported => {
            "A reported-figures file cannot be compared with the project: it names a period the project does not have, is about another project, has no periods, or a JSON report is not the output of `jcm calc --format json`."
        }
        FigureMismatch => {
            "`jcm verify`: a reported figure differs from the recomputed one at the precision it was written (and beyond the tolerance, if one was given). The message gives both values and the difference; `--explain` shows how the recomputed value was reached."
        }
        DifferentInputs => {
            "`jcm verify` against a second party's `jcm calc --format json`: its `inputs` name a project, methodology or monitoring file whose SHA-256 is not that of ours, so its figures come from other data. The message names the files; verify exits 1 even when every figure matches. `--allow-different-inputs` compares anyway, with warning JCM-W016."
        }
        UnusedSymbol => {
            "A methodology parameter or equation that RE, PE and ER do not depend on, directly or through other equations: usually a misspelt name in an equation, or a leftover."
        }
        MissingMonths => {
            "A parameter read month after month has no reading in some whole months of a period. Only parameters read in more than half of a period's months are checked, so quarterly or annual readings are not flagged."
        }
        Magnitude => {
            "Readings of a column at a point are at least 1,000 times its median, or at most a 1,000th of it, and an empty span of a factor of 100 separates them from the rest of the column: most likely values in kWh in a column of MWh, or the reverse. One finding per column, point and side gives the first such reading, located, how many there are and the lines of the next few. Readings that are merely small (dawn and dusk in hourly PV data, a plant at night) fill every magnitude up to the median and are not flagged."
        }
        CorrectionUnused => {
            "A [[corrections]] entry changes no reading: no reading of that parameter (at that point) inside a monitoring period falls in its date range."
        }
        UnreportedPeriod => "`jcm verify`: a period of the project has no figures in the reported file, so it was not compared.",
        WithinTolerance => {
            "`jcm verify`: a reported figure differs from the recomputed one, but by no more than `--tolerance`; it passes, and the difference is shown."
        }
        DifferentInputsAllowed => {
            "`jcm verify --allow-different-inputs`: a second party's JSON was computed from input files that are not ours (the message names them). The figures were compared, and the result says so; without the option this is error JCM-E054."
        }
        NoProjects => "A folder given to `jcm calc` holds no project.toml, neither itself nor in any sub-folder.",
        ProjectsFailed => {
            "Some projects of a portfolio could not be computed (their own diagnostics say why); the portfolio is printed without them and the run exits 2."
        }
        NotEmpty => "`jcm new` would write into a folder that already exists and is not empty; it never overwrites.",
        DuplicateProject => {
            "A portfolio holds the same project twice: two folders with the same project id, or two projects that read the very same monitoring files (the same SHA-256, such as variants of one project computed under different settings). Its credits would be counted twice, so the second folder is left out of every total, listed under `errors`, and the run exits 2. Earlier versions gave only warning JCM-W060 for the same id; that code is retired."
        }
        CcsSetting => {
            "A [ccs] setting is missing, unknown or out of range: no injection period or net_reduction, an unknown method, the method's parameter missing (reference_factor, project_uplift or discount_factor) or out of range (a factor must be in (0, 1], an uplift 0 or more), the parameter of another method given as well (one method per project), reserve_rate outside 0-100%, a rounding other than ceil or floor, a negative leak, a crediting_period that differs from the injection period, or a CCS methodology (family \"ccs\") used without [ccs]."
        }
        ReadingAfterInjection => {
            "A CCS project is credited until CO2 injection ends. A monitoring period may run past that day, but a reading in it dated after the end is refused: end the period on the injection end or leave the row out; CO2 that leaked after it belongs in [[ccs.reversals]]."
        }
        ReversalDuringInjection => {
            "A [[ccs.reversals]] entry is dated on or before the end of injection. Leakage during injection is project emissions of its monitoring period (the methodology's monitored leaked CO2); only leakage after injection is settled from the reserve."
        }
        ReserveShortfall => {
            "CO2 that leaked after injection (rounded to whole credits) exceeds what was left in the reversal reserve, or a loss of a project with a [buffer] (a [[buffer.reversals]] entry, or a period of a removal methodology with negative net removals) exceeds what was left in the buffer when it happened: the ledger cancels the whole balance and shows the rest as a shortfall that the project participants must make good. `calc` still prints every result and exits 1; `check` reports it as an error."
        }
        BufferSetting => {
            "A [buffer] setting is missing, unknown or out of range: no rate, a rate outside 0-100%, a rounding or reversal_rounding other than ceil or floor, a negative `lost`, or [buffer] in a CCS project (whose reserve is set in [ccs])."
        }
        ReversalInPeriod => {
            "A [[buffer.reversals]] entry records a loss of credited removals or reductions after the monitoring that credited them. Dated inside a monitoring period, the loss is that period's monitoring to measure (a lower carbon stock, a lower ER; negative net removals are settled from the buffer by themselves), so counting it again is refused. Dated before the first period ends, nothing had been credited to lose."
        }
        BadContext => {
            "An equation reads a value that does not exist where it is evaluated. A row equation (`per = \"row\"`) sees one monitoring row: it cannot read `days`, `past` or an equation evaluated per period. A period equation sees a whole period: it cannot read a category recorded per row, or a value a category picks; read a row equation's sum instead."
        }
        BadCategory => {
            "A word is not one of the methodology's: a CSV cell of a categorical parameter (the category of a day), an option chosen in [values], an option's default, a category in [estimate], or a table key of a category. The hint lists the words."
        }
        BadEstimate => {
            "The [estimate] of a project (what `calc --ex-ante` evaluates) names a parameter that is not monitored, gives a point its own value for a parameter measured for the whole project, names an unknown point, lacks a value the equations need, or is missing altogether."
        }
        PeriodDateOrder => {
            "A [[periods]] entry gives a `verified` or `issued` date on or before the period's last day. A period is verified, and the Joint Committee decides the issuance of its credits, only after the period has ended."
        }
        IssuedBeforeVerified => {
            "A [[periods]] entry gives an `issued` date (the Joint Committee's issuance decision) before its `verified` date. The issuance is decided on the verification report, so it comes after it."
        }
        RegisteredAfterIssuance => {
            "[cycle] `registered` is later than a period's `verified` or `issued` date. A JCM project is registered before its monitoring periods are verified and credits issued for them."
        }
        CycleOrder => {
            "The dates of [cycle] are out of order: `validated` or `registered` before `pin_submitted`, `validated` or `registered` before `methodology_approved`, or `registered` before `validated`. The cycle runs PIN → methodology approved → validated → registered (the methodology may be approved before the PIN)."
        }
        BadFinance => {
            "`jcm appraise` reads [finance] from project.toml: a figure is not a number, is negative (or zero where it divides: investment, durable_years), similar_projects is not whole, a word (programme, scale, caps, rate_cap) is not one it knows, or a figure the chosen programme needs is missing. Each is located in project.toml; a command-line value replaces the file's."
        }
        BadOffset => {
            "A `jcm offset` file has a value that cannot be used: an unknown scheme, a fiscal year outside 2000-2100 (or before FY2026 under the GX-ETS), a negative tonnage, a fractional number of credits, past_direct_emissions that are not three figures, or a price ceiling below the floor."
        }
        PddStage => {
            "A folder of projects given to `calc` holds a project at the PDD stage: it has an [estimate] and no monitoring periods, so it has no credits to add to the portfolio yet. It is left out, with this warning; `jcm calc --ex-ante` estimates it."
        }
        BadHistory => {
            "A methodology that uses `past` (first-order decay) steps by year: every monitoring period and every [[history]] step must be one year long, the steps contiguous, and the history must end the day before the first period (or, for `--ex-ante`, before the crediting period). [[history]] is refused for a methodology that does not use `past`."
        }
        // A code added without a description builds, but `every_code_is_documented` fails.
        #[allow(unreachable_patterns)]
        _ => "",
    }
}

/// Codes no longer raised, and what replaced them. A code is never reused.
pub const RETIRED: &[(&str, &str)] = &[(
    "JCM-W060",
    "two projects of a portfolio have the same id; a warning in earlier versions, now the error [JCM-E063](#jcm-e063) (double counting)",
)];

/// `docs/diagnostics.md`, generated.
pub fn document() -> String {
    let mut out = String::from(
        "# Diagnostics\n\n\
         Every problem `jcm` reports has a stable code (never renumbered or reused), a severity, the file, line and\n\
         column where it applies, and a one-line hint. Errors (`JCM-E…`) stop `calc` and `verify` with exit status 2\n\
         and make `check` exit 1; warnings (`JCM-W…`) are printed and count only under `check --strict`.\n\
         `jcm check --format json` lists them for CI.\n\n\
         Each code has a reproducer under [`tests/check/<code>/`](../tests/check/) that the tests run.\n\n\
         <!-- Generated from src/check/codes.rs by `JCM_BLESS=1 cargo test`; do not edit by hand. -->\n\n\
         | code | severity | meaning |\n| --- | --- | --- |\n",
    );
    for c in Code::ALL {
        let sev = if c.severity() == Severity::Error { "error" } else { "warning" };
        out.push_str(&format!("| [{c}](#{}) | {sev} | {} |\n", c.as_str().to_lowercase(), c.title()));
    }
    out.push_str("\nRetired codes, never reused:\n\n");
    for (old, what) in RETIRED {
        out.push_str(&format!("- {old}: {what}\n"));
    }
    for c in Code::ALL {
        out.push_str(&format!(
            "\n## {c}\n\n**{}.** {}\n\nReproducer: [`tests/check/{c}/`](../tests/check/{c}/)\n",
            capital(c.title()),
            describe(*c)
        ));
    }
    out
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_documented() {
        for c in Code::ALL {
            assert!(!describe(*c).is_empty(), "{c} has no description in src/check/codes.rs (and needs a reproducer in tests/check/{c}/)");
        }
    }
}
