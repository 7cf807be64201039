//! The list of codes (documented in `docs/diagnostics.md`, generated from [`Code::ALL`]),
//! each with its severity and a one-line description.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $sev:ident, $title:literal;)*) => {
        /// The stable code of a diagnostic. Codes are never renumbered or reused.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant),* }

        impl Code {
            /// Every code, in order, for documentation and tests.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as printed, e.g. `JCM-E004`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),* }
            }

            /// The severity a diagnostic of this code has.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev),* }
            }

            /// A short description, for the documentation table.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title),* }
            }
        }
    };
}

codes! {
    Io = "JCM-E001", Error, "a file cannot be read";
    TomlSyntax = "JCM-E002", Error, "a TOML file is not valid TOML";
    TomlSchema = "JCM-E003", Error, "a TOML key is missing, unknown or of the wrong type";
    BadNumber = "JCM-E004", Error, "a value is not an exact decimal number";
    UnknownUnit = "JCM-E005", Error, "a unit is not known";
    UnitMismatch = "JCM-E006", Error, "an expression combines incompatible units";
    ExprSyntax = "JCM-E007", Error, "an equation is not a valid expression";
    UnknownName = "JCM-E008", Error, "an equation refers to a name that is not defined";
    BadCall = "JCM-E009", Error, "a function is called with the wrong arguments";
    Cycle = "JCM-E010", Error, "equations depend on each other in a cycle";
    BadIndex = "JCM-E011", Error, "an indexed name is used without its index, or the reverse";
    MissingEquation = "JCM-E012", Error, "a methodology lacks RE, PE or ER, or a parameter lacks a value";
    MethodologyNotFound = "JCM-E013", Error, "a project names a methodology that cannot be found";
    BadDate = "JCM-E014", Error, "a date is not a valid date";
    PeriodOverlap = "JCM-E020", Error, "two monitoring periods overlap";
    PeriodGap = "JCM-E021", Error, "monitoring periods leave a gap";
    PeriodOutside = "JCM-E022", Error, "a monitoring period lies outside the crediting period";
    PeriodStraddles2021 = "JCM-E023", Error, "a monitoring period straddles 31 Dec 2020 / 1 Jan 2021";
    UnknownPoint = "JCM-E024", Error, "a monitoring point is not declared in project.toml";
    DuplicatePoint = "JCM-E025", Error, "a monitoring point, period or key is declared twice";
    MissingValue = "JCM-E026", Error, "a project parameter or point attribute has no value";
    BadAllocation = "JCM-E027", Error, "the allocation shares or notified amounts are invalid";
    BadSetting = "JCM-E028", Error, "a project setting has an invalid value";
    CsvSyntax = "JCM-E030", Error, "a CSV file cannot be parsed";
    CsvHeader = "JCM-E031", Error, "a CSV header names an unknown or repeated column";
    DuplicateReading = "JCM-E032", Error, "a reading is repeated, or readings are out of time order";
    BadCell = "JCM-E033", Error, "a CSV cell is empty or not a number";
    OutOfBounds = "JCM-E034", Error, "a value lies outside the parameter's bounds";
    NoReadings = "JCM-E035", Error, "a monitored parameter has no readings in a period";
    BadEncoding = "JCM-E036", Error, "a monitoring CSV is not in its encoding (UTF-8 unless `encoding` says otherwise)";
    BadWorkbook = "JCM-E037", Error, "a workbook cannot be read, has no such sheet, or a cell cannot be used";
    Arithmetic = "JCM-E040", Error, "a calculation divides by zero or overflows";
    RowsOutside = "JCM-W001", Warning, "monitoring rows fall outside every period";
    NegativeEr = "JCM-W002", Warning, "a period's emission reductions are negative: 0 credits";
    OverrideDefault = "JCM-W003", Warning, "a project value overrides a methodology default";
    NotPartner = "JCM-W004", Warning, "the project's country is not a JCM partner country";
    VintageByDays = "JCM-W005", Warning, "vintages were split by days because a year's own ER could not be used";
    MethodologyCountry = "JCM-W006", Warning, "the methodology is not approved for the project's country";
    Placeholder = "JCM-W007", Warning, "a project.toml still holds a `TODO` placeholder left by `jcm new`";
    BadCorrection = "JCM-E050", Error, "a meter correction is invalid, or overlaps another";
    CorrectionDirection = "JCM-E051", Error, "the conservative direction of a meter correction cannot be determined";
    BadReported = "JCM-E052", Error, "the reported figures cannot be compared with the project";
    FigureMismatch = "JCM-E053", Error, "a reported figure differs from the recomputed value";
    DifferentInputs = "JCM-E054", Error, "a second party's report was computed from other input files";
    UnusedSymbol = "JCM-W010", Warning, "a parameter or equation is declared but never used";
    MissingMonths = "JCM-W011", Warning, "a monitored parameter has no readings in some months of a period";
    Magnitude = "JCM-W012", Warning, "readings stand apart, 1,000 times the median of their column or a 1,000th of it";
    CorrectionUnused = "JCM-W013", Warning, "a meter correction changes no reading";
    UnreportedPeriod = "JCM-W014", Warning, "a computed period has no reported figures";
    WithinTolerance = "JCM-W015", Warning, "a reported figure differs from the recomputed value, within the tolerance";
    DifferentInputsAllowed = "JCM-W016", Warning, "a second party's report was computed from other input files (allowed)";
    NoProjects = "JCM-E060", Error, "a folder given to `calc` holds no project.toml, not even in its sub-folders";
    ProjectsFailed = "JCM-E061", Error, "some projects of a portfolio could not be computed and are left out of it";
    NotEmpty = "JCM-E062", Error, "`jcm new` would write into a folder that is not empty";
    DuplicateProject = "JCM-E063", Error, "a portfolio holds the same project twice (same id, or the same monitoring files)";
    CcsSetting = "JCM-E070", Error, "a [ccs] setting is missing, unknown or out of range";
    ReadingAfterInjection = "JCM-E071", Error, "a CCS monitoring reading is dated after CO2 injection ended";
    ReversalDuringInjection = "JCM-E072", Error, "a CCS reversal is dated before injection ended: it is project emissions";
    ReserveShortfall = "JCM-E073", Error, "reversals exceed the CCS reserve or the buffer: a shortfall to make good (exit 1)";
    BufferSetting = "JCM-E074", Error, "a [buffer] setting is missing, unknown or out of range";
    ReversalInPeriod = "JCM-E075", Error, "a [[buffer.reversals]] entry is dated inside a monitoring period, or before the first one ends";
    BadContext = "JCM-E080", Error, "an equation reads a value that is not available where it is evaluated (per row or per period)";
    BadCategory = "JCM-E081", Error, "a word is not one of the choices of an option or the categories of a parameter";
    BadEstimate = "JCM-E082", Error, "an [estimate] lacks a value, or names an unknown parameter or point";
    BadHistory = "JCM-E083", Error, "[[history]] steps and monitoring periods are not the yearly steps `past` needs";
    BadFinance = "JCM-E090", Error, "a [finance] value for `jcm appraise` is missing or invalid";
    BadOffset = "JCM-E091", Error, "a value of a `jcm offset` file is missing or invalid";
    PeriodDateOrder = "JCM-E100", Error, "a period is verified or issued before it ends";
    IssuedBeforeVerified = "JCM-E101", Error, "a period is issued before it is verified";
    RegisteredAfterIssuance = "JCM-E102", Error, "the project is registered after a period is verified or issued";
    CycleOrder = "JCM-E103", Error, "the project cycle's dates (PIN, methodology approval, validation, registration) are out of order";
    PddStage = "JCM-W080", Warning, "a project at the PDD stage (an [estimate], no monitoring periods) is left out of a portfolio";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
