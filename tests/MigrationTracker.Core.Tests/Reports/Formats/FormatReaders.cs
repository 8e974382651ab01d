using System.Globalization;
using System.Text;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Spreadsheet;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace MigrationTracker.Core.Tests.Reports.Formats;

/// <summary>A written workbook opened read-only with the OpenXml SDK, read the way Excel would.</summary>
internal sealed class XlsxBook : IDisposable
{
    // The built-in number formats the writer may use, by id (ECMA-376 part 1, 18.8.30).
    private static readonly Dictionary<uint, string> BuiltIn = new() { [0] = "General", [1] = "0", [3] = "#,##0" };

    private readonly MemoryStream _stream;
    private readonly SpreadsheetDocument _document;

    public XlsxBook(byte[] bytes)
    {
        _stream = new MemoryStream(bytes, writable: false);
        _document = SpreadsheetDocument.Open(_stream, isEditable: false);
    }

    /// <summary>Schema errors the SDK's validator finds, as Excel would reject or repair them.</summary>
    public IEnumerable<string> ValidationErrors() =>
        new OpenXmlValidator(FileFormatVersions.Office2019).Validate(_document).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}");

    public WorkbookPart WorkbookPart => _document.WorkbookPart.ShouldNotBeNull();

    public IReadOnlyList<string> SheetNames =>
        [.. WorkbookPart.Workbook.ShouldNotBeNull().Sheets.ShouldNotBeNull().Elements<Sheet>().Select(s => s.Name!.Value!)];

    public Worksheet Worksheet(string name)
    {
        var sheet = WorkbookPart.Workbook!.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return ((WorksheetPart)WorkbookPart.GetPartById(sheet.Id!.Value!)).Worksheet.ShouldNotBeNull();
    }

    public Cell? Cell(string sheet, string reference) =>
        Worksheet(sheet).Descendants<Cell>().SingleOrDefault(c => c.CellReference == reference);

    /// <summary>The rows under the header row (1-based <paramref name="headerRow"/>), each cell keyed by its column's heading.</summary>
    public List<Dictionary<string, Cell>> Table(string sheet, uint headerRow = 1)
    {
        var rows = Worksheet(sheet).GetFirstChild<SheetData>().ShouldNotBeNull().Elements<Row>().ToList();
        var header = rows.Single(r => r.RowIndex! == headerRow);
        var headings = header.Elements<Cell>().ToDictionary(c => Column(c.CellReference!), Text);
        var table = new List<Dictionary<string, Cell>>();
        foreach (var row in rows.Where(r => r.RowIndex! > headerRow))
        {
            if (!row.Elements<Cell>().Any())
            {
                break;
            }

            table.Add(row.Elements<Cell>().ToDictionary(c => headings[Column(c.CellReference!)]));
        }

        return table;
    }

    public static string Text(Cell cell)
    {
        cell.DataType?.Value.ShouldBe(CellValues.InlineString);
        cell.CellFormula.ShouldBeNull();
        return cell.InlineString.ShouldNotBeNull().Text.ShouldNotBeNull().Text;
    }

    /// <summary>The cell's number; fails unless it is stored as a number, not as text.</summary>
    public static double Number(Cell cell)
    {
        (cell.DataType is null || cell.DataType.Value == CellValues.Number).ShouldBeTrue($"{cell.CellReference} is not a number cell");
        return double.Parse(cell.CellValue.ShouldNotBeNull().Text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public string NumberFormat(Cell cell)
    {
        var formats = WorkbookPart.WorkbookStylesPart.ShouldNotBeNull().Stylesheet.ShouldNotBeNull();
        var cellFormat = formats.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0));
        var id = cellFormat.NumberFormatId?.Value ?? 0;
        return BuiltIn.TryGetValue(id, out var code)
            ? code
            : formats.NumberingFormats!.Elements<NumberingFormat>().Single(f => f.NumberFormatId! == id).FormatCode!.Value!;
    }

    public bool IsBold(Cell cell)
    {
        var styles = WorkbookPart.WorkbookStylesPart!.Stylesheet!;
        var fontId = styles.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0)).FontId?.Value ?? 0;
        return styles.Fonts!.Elements<Font>().ElementAt((int)fontId).Bold is not null;
    }

    /// <summary>A date cell's day: fails unless it is a number with a date format.</summary>
    public DateOnly Date(Cell cell)
    {
        NumberFormat(cell).ShouldBe("yyyy-mm-dd");
        var serial = Number(cell);
        serial.ShouldBe(Math.Floor(serial));
        return DateOnly.FromDateTime(System.DateTime.FromOADate(serial));
    }

    public System.DateTime DateTime(Cell cell)
    {
        NumberFormat(cell).ShouldBe("yyyy-mm-dd hh:mm");
        return System.DateTime.FromOADate(Number(cell));
    }

    private static string Column(string reference) => new([.. reference.TakeWhile(char.IsAsciiLetter)]);

    public void Dispose()
    {
        _document.Dispose();
        _stream.Dispose();
    }
}

internal static class CsvFile
{
    /// <summary>The CSV's records, each field keyed by its column's heading, read back with CsvHelper.</summary>
    public static (string[] Header, List<Dictionary<string, string>> Rows) Read(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read().ShouldBeTrue();
        csv.ReadHeader();
        var header = csv.HeaderRecord.ShouldNotBeNull();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(header.ToDictionary(h => h, h => csv.GetField(h)!));
        }

        return (header, rows);
    }
}

/// <summary>A written Markdown document parsed with Markdig, its tables found under their headings.</summary>
internal sealed class MarkdownDoc(string text)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public string Text => text;

    public MarkdownDocument Document { get; } = Markdown.Parse(text, Pipeline);

    public IEnumerable<string> Headings => Document.Descendants<HeadingBlock>().Select(h => Inline(h.Inline));

    /// <summary>The first table after the heading, as rows of cell texts, the header row first; null when there is none before the next heading.</summary>
    public List<string[]>? Table(string heading)
    {
        var blocks = Document.ToList();
        var start = blocks.FindIndex(b => b is HeadingBlock h && Inline(h.Inline) == heading);
        start.ShouldBeGreaterThanOrEqualTo(0, $"no heading '{heading}'");
        foreach (var block in blocks.Skip(start + 1))
        {
            if (block is HeadingBlock)
            {
                return null;
            }

            if (block is Markdig.Extensions.Tables.Table table)
            {
                return [.. table.OfType<TableRow>().Select(r => r.OfType<TableCell>().Select(CellText).ToArray())];
            }
        }

        return null;
    }

    /// <summary>The text of the paragraphs and list items between the heading and the next one, outside tables.</summary>
    public string Section(string heading)
    {
        var blocks = Document.ToList();
        var start = blocks.FindIndex(b => b is HeadingBlock h && Inline(h.Inline) == heading);
        start.ShouldBeGreaterThanOrEqualTo(0, $"no heading '{heading}'");
        return string.Join("\n", blocks.Skip(start + 1).TakeWhile(b => b is not HeadingBlock)
            .SelectMany(b => b switch
            {
                ParagraphBlock p => [p],
                ListBlock list => list.Descendants<ParagraphBlock>(),
                _ => [],
            })
            .Select(p => Inline(p.Inline)));
    }

    /// <summary>A table's data rows keyed by heading.</summary>
    public static List<Dictionary<string, string>> Rows(List<string[]> table) =>
        [.. table.Skip(1).Select(r => table[0].Zip(r).ToDictionary(p => p.First, p => p.Second))];

    private static string CellText(TableCell cell) =>
        string.Concat(cell.OfType<ParagraphBlock>().Select(p => Inline(p.Inline)));

    /// <summary>What a reader sees: literal text, with any markup that got through shown as a marker.</summary>
    public static string Inline(ContainerInline? container)
    {
        var text = new StringBuilder();
        foreach (var inline in container ?? Enumerable.Empty<Inline>())
        {
            text.Append(inline switch
            {
                LiteralInline literal => literal.Content.ToString(),
                HtmlEntityInline entity => entity.Transcoded.ToString(),
                LineBreakInline => " ",
                CodeInline code => "[code:" + code.Content + "]",
                HtmlInline html => "[html:" + html.Tag + "]",
                LinkInline link => "[link:" + link.Url + "]",
                EmphasisInline emphasis => "[em:" + Inline(emphasis) + "]",
                ContainerInline inner => Inline(inner),
                _ => "[" + inline.GetType().Name + "]",
            });
        }

        return text.ToString();
    }
}
