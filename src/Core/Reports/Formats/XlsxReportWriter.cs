using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using XCell = DocumentFormat.OpenXml.Spreadsheet.Cell;
using XSheet = DocumentFormat.OpenXml.Spreadsheet.Sheet;

namespace MigrationTracker.Core.Reports.Formats;

/// <summary>
/// Writes the report as an Excel workbook: a Summary sheet, then Drivers, Teams, Regressions, Movers and Changes.
/// </summary>
/// <remarks>
/// Figures are numeric cells so they sort, filter and sum: counts and lines as numbers, scores as numbers shown
/// without decimals, shares as fractions 0..1 shown as percentages, and changes of a share as a difference of
/// fractions shown as a signed percentage (+2.5% means 2.5 percentage points). Dates are Excel date serials with a date
/// format; times are UTC. Empty cells stand for figures the model does not have. Each table's header row is bold and
/// frozen, with an AutoFilter over the table. Worksheets are streamed with <see cref="OpenXmlWriter"/>, so a
/// report with thousands of drivers is written in a fraction of a second.
/// </remarks>
public sealed partial class XlsxReportWriter : IReportWriter
{
    // Excel's cell limit; longer text is cut rather than making the workbook unreadable.
    private const int MaxCellText = 32_767;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public ReportFormat Format => ReportFormat.Xlsx;

    public void Write(WeeklyReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);

        // The zip package seeks and reads back while it writes; an HTTP body or a pipe can do neither.
        if (output.CanSeek && output.CanRead && output.CanWrite)
        {
            WritePackage(report, output);
            return;
        }

        using var buffer = new MemoryStream();
        WritePackage(report, buffer);
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    private static void WritePackage(WeeklyReport report, Stream output)
    {
        Sheet[] sheets =
        [
            SummarySheet(report),
            DriversSheet(report),
            TeamsSheet(report),
            RegressionsSheet(report),
            MoversSheet(report),
            ChangesSheet(report),
        ];

        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        document.PackageProperties.Title = ReportText.Title(report);
        document.PackageProperties.Created = report.GeneratedAt;
        var workbookPart = document.AddWorkbookPart();
        workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles.Stylesheet();

        var sheetList = new Sheets();
        var filters = new DefinedNames();
        for (var i = 0; i < sheets.Length; i++)
        {
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            WriteWorksheet(worksheetPart, sheets[i], selected: i == 0);
            sheetList.Append(new XSheet
            {
                Name = sheets[i].Name,
                SheetId = (uint)(i + 1),
                Id = workbookPart.GetIdOfPart(worksheetPart),
            });

            // Excel records every AutoFilter's range under this hidden name; without it some versions drop the filter.
            filters.Append(new DefinedName($"'{sheets[i].Name}'!{sheets[i].TableRange(absolute: true)}")
            {
                Name = "_xlnm._FilterDatabase",
                LocalSheetId = (uint)i,
                Hidden = true,
            });
        }

        workbookPart.Workbook = new Workbook(
            new BookViews(new WorkbookView { ActiveTab = 0 }),
            sheetList,
            filters);
    }

    private static Sheet SummarySheet(WeeklyReport report)
    {
        var sheet = new Sheet("Summary", 4);
        sheet.Row(Cell.Text(ReportText.Title(report), Styles.Title)).NoWidth();
        sheet.Row(Cell.Text("Week"), Cell.Text(ReportText.Week(report))).NoWidth();
        sheet.Row(Cell.Text("Scope"), Cell.Text(report.ScopeName));
        sheet.Row(Cell.Text("As of (UTC)"), Cell.DateTime(report.AsOf));
        sheet.Row(Cell.Text("Generated (UTC)"), Cell.DateTime(report.GeneratedAt));
        sheet.Row();

        sheet.Header("Figure", "Now", "Week earlier", "Change");
        foreach (var figure in report.Headlines)
        {
            sheet.Row(
                Cell.Text(figure.Label),
                Cell.Figure(figure.Now, figure.Unit),
                Cell.Figure(figure.WeekEarlier, figure.Unit),
                Cell.Change(figure.Change, figure.Unit));
        }

        sheet.EndTable();
        sheet.Row();

        var projection = report.Projection;
        sheet.Row(Cell.Text("Projection", Styles.Header));
        sheet.Row(Cell.Text("Projected completion"), projection.CompletionDate is { } date ? Cell.Date(date) : Cell.Text("None"));
        sheet.Row(Cell.Text("C/C++ lines a week"), Cell.Figure(projection.LinesPerWeek, FigureUnit.Lines));
        sheet.Row(Cell.Text("C/C++ lines remaining"), Cell.Figure(projection.CLinesRemaining, FigureUnit.Lines));
        sheet.Row(Cell.Text("Assumption"), Cell.Text(projection.Assumption)).NoWidth();
        if (projection.Reason is { } reason)
        {
            sheet.Row(Cell.Text("Why no date"), Cell.Text(reason)).NoWidth();
        }

        return sheet;
    }

    private static Sheet DriversSheet(WeeklyReport report)
    {
        var sheet = new Sheet("Drivers", 25);
        sheet.Header(
            "Id", "Driver", "Repository", "Team", "Language", "Model", "Stage", "Rust counterpart", "First seen", "Commit",
            "Readiness", "Readiness week earlier", "Readiness change", "Band",
            "Unsafe share", "Unsafe share week earlier", "Unsafe share change",
            "C/C++ lines", "C/C++ lines week earlier", "C/C++ lines change",
            "Rust lines", "Rust lines week earlier", "Rust lines change",
            "Build", "Build week earlier");
        foreach (var d in report.Drivers)
        {
            sheet.Row(
                Cell.Number(d.Id),
                Cell.Text(d.Name),
                Cell.Text(d.Repository),
                Cell.Text(d.Team),
                Cell.Text(d.Language),
                Cell.Text(d.Model),
                Cell.Text(d.Stage),
                Cell.Text(d.Counterpart),
                Cell.Date(d.FirstSeen),
                Cell.Text(d.CommitId),
                Cell.Figure(d.Readiness, FigureUnit.Score),
                Cell.Figure(d.ReadinessBefore, FigureUnit.Score),
                Cell.Change(d.ReadinessChange, FigureUnit.Score),
                Cell.Text(d.Band),
                Cell.Figure(d.UnsafeShare, FigureUnit.Share),
                Cell.Figure(d.UnsafeShareBefore, FigureUnit.Share),
                Cell.Change(d.UnsafeShareChange, FigureUnit.Share),
                Cell.Figure(d.CCodeLines, FigureUnit.Lines),
                Cell.Figure(d.CCodeLinesBefore, FigureUnit.Lines),
                Cell.Change(d.CCodeLinesChange, FigureUnit.Lines),
                Cell.Figure(d.RustCodeLines, FigureUnit.Lines),
                Cell.Figure(d.RustCodeLinesBefore, FigureUnit.Lines),
                Cell.Change(d.RustCodeLinesChange, FigureUnit.Lines),
                Cell.Text(ReportText.Build(d.Build)),
                Cell.Text(ReportText.Build(d.BuildBefore)));
        }

        sheet.EndTable();
        return sheet;
    }

    private static Sheet TeamsSheet(WeeklyReport report)
    {
        var sheet = new Sheet("Teams", 13);
        sheet.Header(
            "Team", "Slug", "Drivers", "C/C++ drivers", "Rust drivers", "C/C++ drivers with a Rust port", "Migrated",
            "C/C++ lines", "Rust lines", "Rust share", "Median readiness", "Mean unsafe share", "Regressions");
        foreach (var t in report.Teams)
        {
            sheet.Row(
                Cell.Text(t.Name),
                Cell.Text(t.Slug),
                Cell.Figure(t.Drivers, FigureUnit.Count),
                Cell.Figure(t.CDrivers, FigureUnit.Count),
                Cell.Figure(t.RustDrivers, FigureUnit.Count),
                Cell.Figure(t.CDriversWithPort, FigureUnit.Count),
                Cell.Figure(t.Migrated, FigureUnit.Count),
                Cell.Figure(t.CCodeLines, FigureUnit.Lines),
                Cell.Figure(t.RustCodeLines, FigureUnit.Lines),
                Cell.Figure(t.RustShare, FigureUnit.Share),
                Cell.Figure(t.MedianReadiness, FigureUnit.Score),
                Cell.Figure(t.MeanUnsafeShare, FigureUnit.Share),
                Cell.Figure(t.Regressions, FigureUnit.Count));
        }

        sheet.EndTable();
        return sheet;
    }

    private static Sheet RegressionsSheet(WeeklyReport report)
    {
        var sheet = new Sheet("Regressions", 8);
        sheet.Header("Regression", "Driver id", "Driver", "Repository", "Before", "After", "At (UTC)", "Detail");
        foreach (var r in report.Regressions)
        {
            // Before and after are scores for readiness and shares for unsafe code; other kinds carry none.
            var unit = ReportText.RegressionUnit(r.Kind) ?? FigureUnit.Count;
            sheet.Row(
                Cell.Text(ReportText.Regression(r.Kind)),
                r.DriverId is { } id ? Cell.Number(id) : default,
                Cell.Text(r.Driver),
                Cell.Text(r.Repository),
                Cell.Figure(r.Before, unit),
                Cell.Figure(r.After, unit),
                r.At is { } at ? Cell.DateTime(at) : default,
                Cell.Text(r.Detail));
        }

        sheet.EndTable();
        return sheet;
    }

    private static Sheet MoversSheet(WeeklyReport report)
    {
        var sheet = new Sheet("Movers", 7);
        sheet.Header("Driver id", "Driver", "Repository", "Measure", "Before", "After", "Change");
        foreach (var m in report.TopMovers)
        {
            sheet.Row(
                Cell.Number(m.DriverId),
                Cell.Text(m.Driver),
                Cell.Text(m.Repository),
                Cell.Text(m.Measure),
                Cell.Figure(m.Before, m.Unit),
                Cell.Figure(m.After, m.Unit),
                Cell.Change(m.Change, m.Unit));
        }

        sheet.EndTable();
        return sheet;
    }

    private static Sheet ChangesSheet(WeeklyReport report)
    {
        var sheet = new Sheet("Changes", 7);
        sheet.Header("Change", "Driver id", "Driver", "Repository", "Rust counterpart", "On", "Detail");
        foreach (var (change, events) in new[] { ("Newly paired", report.NewlyPaired), ("Newly migrated", report.NewlyMigrated) })
        {
            foreach (var e in events)
            {
                sheet.Row(
                    Cell.Text(change),
                    Cell.Number(e.DriverId),
                    Cell.Text(e.Driver),
                    Cell.Text(e.Repository),
                    Cell.Text(e.Counterpart),
                    Cell.Date(e.On),
                    Cell.Text(e.Detail));
            }
        }

        sheet.EndTable();
        return sheet;
    }

    private static void WriteWorksheet(WorksheetPart part, Sheet sheet, bool selected)
    {
        var columns = new Columns();
        var widths = sheet.Widths();
        for (var c = 0; c < widths.Length; c++)
        {
            columns.Append(new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = widths[c], CustomWidth = true });
        }

        var below = sheet.HeaderRow + 2;
        var view = new SheetView(
            new Pane
            {
                VerticalSplit = sheet.HeaderRow + 1,
                TopLeftCell = "A" + below.ToString(Invariant),
                ActivePane = PaneValues.BottomLeft,
                State = PaneStateValues.Frozen,
            },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A" + below.ToString(Invariant), SequenceOfReferences = new ListValue<StringValue> { InnerText = "A" + below.ToString(Invariant) } })
        {
            WorkbookViewId = 0,
            TabSelected = selected,
        };

        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetViews(view));
        writer.WriteElement(columns);
        writer.WriteStartElement(new SheetData());
        var attributes = new List<OpenXmlAttribute>(3);
        for (var r = 0; r < sheet.Rows.Count; r++)
        {
            var rowNumber = (r + 1).ToString(Invariant);
            attributes.Clear();
            attributes.Add(new OpenXmlAttribute("r", string.Empty, rowNumber));
            writer.WriteStartElement(Elements.Row, attributes);
            var cells = sheet.Rows[r].Cells;
            for (var c = 0; c < cells.Length; c++)
            {
                if (cells[c].Kind != CellKind.Empty)
                {
                    WriteCell(writer, cells[c], ColumnName(c) + rowNumber, attributes);
                }
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteElement(new AutoFilter { Reference = sheet.TableRange(absolute: false) });
        writer.WriteEndElement();
    }

    /// <summary>
    /// One cell, streamed: a number as <c>&lt;c r s&gt;&lt;v&gt;</c>, text as an inline string. Building a
    /// <see cref="XCell"/> object per cell costs several times as much for a large sheet.
    /// </summary>
    private static void WriteCell(OpenXmlWriter writer, Cell cell, string reference, List<OpenXmlAttribute> attributes)
    {
        attributes.Clear();
        attributes.Add(new OpenXmlAttribute("r", string.Empty, reference));
        if (cell.Style != Styles.Plain)
        {
            attributes.Add(new OpenXmlAttribute("s", string.Empty, Styles.Index(cell.Style)));
        }

        if (cell.Kind == CellKind.Number)
        {
            writer.WriteStartElement(Elements.Cell, attributes);
            writer.WriteStartElement(Elements.Value);
            writer.WriteString(cell.Value.ToString("R", Invariant));
            writer.WriteEndElement();
            writer.WriteEndElement();
            return;
        }

        attributes.Add(new OpenXmlAttribute("t", string.Empty, "inlineStr"));
        writer.WriteStartElement(Elements.Cell, attributes);
        writer.WriteStartElement(Elements.InlineString);
        var text = cell.String!;
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
        {
            // Excel drops leading and trailing spaces unless told to keep them.
            writer.WriteStartElement(Elements.Text, [new OpenXmlAttribute("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")]);
        }
        else
        {
            writer.WriteStartElement(Elements.Text);
        }

        writer.WriteString(text);
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>Elements whose only use is to name what <see cref="OpenXmlWriter"/> writes; one of each serves every cell.</summary>
    private static class Elements
    {
        public static readonly Row Row = new();
        public static readonly XCell Cell = new();
        public static readonly CellValue Value = new();
        public static readonly InlineString InlineString = new();
        public static readonly Text Text = new();
    }

    private static readonly string[] ColumnNames = [.. Enumerable.Range(0, 52).Select(NameOfColumn)];

    private static string ColumnName(int index) => index < ColumnNames.Length ? ColumnNames[index] : NameOfColumn(index);

    private static string NameOfColumn(int index) => index < 26
        ? ((char)('A' + index)).ToString()
        : NameOfColumn((index / 26) - 1) + (char)('A' + (index % 26));

    // Excel reads _xHHHH_ in any string as an escaped character; a literal one is kept by escaping its underscore.
    [GeneratedRegex("_(?=x[0-9A-Fa-f]{4}_)")]
    private static partial Regex ExcelEscape();

    private static string CellText(string text)
    {
        text = ReportText.Clean(text);
        if (text.Contains("_x", StringComparison.Ordinal))
        {
            text = ExcelEscape().Replace(text, "_x005F_");
        }

        return text.Length > MaxCellText ? text[..MaxCellText] : text;
    }

    private enum CellKind
    {
        Empty = 0,
        Text = 1,
        Number = 2,
    }

    /// <summary>One cell's content; <see cref="Width"/> is how many characters it shows, for the column's width.</summary>
    private readonly record struct Cell(CellKind Kind, string? String, double Value, uint Style, int Width)
    {
        public static Cell Text(string? text, uint style = Styles.Plain) =>
            text is null ? default : new(CellKind.Text, CellText(text), 0, style, text.Length);

        public static Cell Number(double value) =>
            new(CellKind.Number, null, value, Styles.Plain, value.ToString(Invariant).Length);

        public static Cell Figure(double? value, FigureUnit unit) => value is { } v && double.IsFinite(v)
            ? new(CellKind.Number, null, v, Styles.ForFigure(unit), ReportText.Value(v, unit).Length)
            : default;

        public static Cell Change(double? change, FigureUnit unit) => change is { } c && double.IsFinite(c)
            ? new(CellKind.Number, null, c, Styles.ForChange(unit), ReportText.Change(c, unit).Length)
            : default;

        public static Cell Date(DateOnly date) =>
            new(CellKind.Number, null, date.DayNumber - ExcelEpoch.DayNumber, Styles.Date, 10);

        public static Cell DateTime(System.DateTime at) => new(CellKind.Number, null, at.ToOADate(), Styles.DateTime, 16);

        // Excel's day 0, one day off from 1900-01-00 because Excel counts a 29 February 1900 that never was.
        private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);
    }

    private sealed class SheetRow(Cell[] cells)
    {
        public Cell[] Cells => cells;

        public bool CountsForWidth { get; private set; } = true;

        /// <summary>Long free text (a title, an assumption) overflows into empty cells rather than widening its column.</summary>
        public void NoWidth() => CountsForWidth = false;
    }

    /// <summary>A worksheet's rows, with the one table on it that gets the frozen, filtered header.</summary>
    private sealed class Sheet(string name, int columns)
    {
        public string Name => name;

        public List<SheetRow> Rows { get; } = [];

        public int HeaderRow { get; private set; }

        private int _tableEnd;

        public SheetRow Row(params Cell[] cells)
        {
            var row = new SheetRow(cells);
            Rows.Add(row);
            return row;
        }

        public void Header(params string[] headings)
        {
            HeaderRow = Rows.Count;
            // Room for the filter's drop-down button.
            Row([.. headings.Select(h => new Cell(CellKind.Text, h, 0, Styles.Header, h.Length + 3))]);
        }

        public void EndTable() => _tableEnd = Rows.Count - 1;

        public string TableRange(bool absolute)
        {
            var d = absolute ? "$" : string.Empty;
            return $"{d}A{d}{HeaderRow + 1}:{d}{ColumnName(columns - 1)}{d}{_tableEnd + 1}";
        }

        public double[] Widths()
        {
            var widest = new int[columns];
            foreach (var row in Rows.Where(r => r.CountsForWidth))
            {
                for (var c = 0; c < row.Cells.Length && c < columns; c++)
                {
                    widest[c] = Math.Max(widest[c], row.Cells[c].Width);
                }
            }

            // Characters of the default font, plus a little padding; very long text wraps at the cap.
            return [.. widest.Select(w => (double)Math.Clamp(w + 2, 8, 60))];
        }
    }

    private static class Styles
    {
        public const uint Plain = 0;
        public const uint Header = 1;
        public const uint Title = 2;
        public const uint Integer = 3;
        public const uint Percent = 4;
        public const uint Score = 5;
        public const uint Date = 6;
        public const uint DateTime = 7;
        public const uint PercentChange = 8;
        public const uint IntegerChange = 9;
        public const uint ScoreChange = 10;

        private static readonly string[] Indexes = [.. Enumerable.Range(0, 11).Select(i => i.ToString(Invariant))];

        public static string Index(uint style) => Indexes[style];

        public static uint ForFigure(FigureUnit unit) => unit switch
        {
            FigureUnit.Share => Percent,
            FigureUnit.Score => Score,
            _ => Integer,
        };

        public static uint ForChange(FigureUnit unit) => unit switch
        {
            FigureUnit.Share => PercentChange,
            FigureUnit.Score => ScoreChange,
            _ => IntegerChange,
        };

        public static Stylesheet Stylesheet()
        {
            const uint percent = 164, date = 165, dateTime = 166, percentChange = 167, integerChange = 168, scoreChange = 169;
            return new Stylesheet(
                new NumberingFormats(
                    new NumberingFormat { NumberFormatId = percent, FormatCode = "0.0%" },
                    new NumberingFormat { NumberFormatId = date, FormatCode = "yyyy-mm-dd" },
                    new NumberingFormat { NumberFormatId = dateTime, FormatCode = "yyyy-mm-dd hh:mm" },
                    new NumberingFormat { NumberFormatId = percentChange, FormatCode = "+0.0%;-0.0%;0.0%" },
                    new NumberingFormat { NumberFormatId = integerChange, FormatCode = "+#,##0;-#,##0;0" },
                    new NumberingFormat { NumberFormatId = scoreChange, FormatCode = "+0;-0;0" })
                { Count = 6 },
                new Fonts(
                    new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                    new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                    new Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = "Calibri" }))
                { Count = 3 },
                new Fills(
                    new Fill(new PatternFill { PatternType = PatternValues.None }),
                    new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
                { Count = 2 },
                new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
                new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
                new CellFormats(
                    Format(0, 0),
                    Format(0, 1),
                    Format(0, 2),
                    Format(3, 0),
                    Format(percent, 0),
                    Format(1, 0),
                    Format(date, 0),
                    Format(dateTime, 0),
                    Format(percentChange, 0),
                    Format(integerChange, 0),
                    Format(scoreChange, 0))
                { Count = 11 },
                new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
        }

        private static CellFormat Format(uint numberFormat, uint font) => new()
        {
            NumberFormatId = numberFormat,
            FontId = font,
            FillId = 0,
            BorderId = 0,
            FormatId = 0,
            ApplyNumberFormat = numberFormat != 0,
            ApplyFont = font != 0,
        };
    }
}
