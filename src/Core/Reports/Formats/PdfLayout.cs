using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace MigrationTracker.Core.Reports.Formats;

/// <summary>A table column: its header, its width in points (0 shares what the fixed columns leave), and whether it holds numbers.</summary>
internal sealed record PdfColumn(string Header, double Width = 0, bool Numeric = false);

/// <summary>
/// Flows text, images and tables down narrow pages with PDFsharp's drawing calls: wraps words (and breaks words
/// too long for a line), starts a new page when the next line, row or image does not fit, repeats a table's title
/// and header on the new page, and numbers the pages at the end.
/// </summary>
internal sealed class PdfLayout : IDisposable
{
    /// <summary>About a phone screen's shape: 5 × 8.9 inches, so a viewer fitting the width shows the text large.</summary>
    public static readonly XSize PageSize = new(360, 640);

    public const double MarginX = 20;
    public const double MarginTop = 24;
    public const double MarginBottom = 34;
    public static double Width => PageSize.Width - (2 * MarginX);

    private const double CellPadX = 3;
    private const double CellPadY = 2.5;

    private static readonly XBrush Ink = new XSolidBrush(XColor.FromArgb(17, 24, 39));
    private static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(75, 85, 99));
    private static readonly XBrush Stripe = new XSolidBrush(XColor.FromArgb(243, 244, 246));
    private static readonly XPen Rule = new(XColor.FromArgb(156, 163, 175), 0.6);

    private readonly PdfDocument _document;
    private XGraphics? _graphics;
    private double _y;

    public PdfLayout(PdfDocument document, string fontFamily)
    {
        _document = document;
        Title = new XFont(fontFamily, 15, XFontStyleEx.Bold);
        Heading = new XFont(fontFamily, 11.5, XFontStyleEx.Bold);
        Body = new XFont(fontFamily, 10);
        Strong = new XFont(fontFamily, 10, XFontStyleEx.Bold);
        Small = new XFont(fontFamily, 8.5);
        Cell = new XFont(fontFamily, 9);
        HeaderCell = new XFont(fontFamily, 8, XFontStyleEx.Bold);
        _graphics = AddPage();
    }

    public XFont Title { get; }

    public XFont Heading { get; }

    public XFont Body { get; }

    public XFont Strong { get; }

    public XFont Small { get; }

    public XFont Cell { get; }

    public XFont HeaderCell { get; }

    public static XBrush MutedBrush => Muted;

    private static double Bottom => PageSize.Height - MarginBottom;

    private static double Left => MarginX;

    private XGraphics Graphics => _graphics ?? throw new InvalidOperationException("The pages are finished.");

    public void Dispose() => _graphics?.Dispose();

    /// <summary>A wrapped paragraph; a page break may fall between its lines.</summary>
    public void Paragraph(string text, XFont font, XBrush? brush = null, double spaceAfter = 5)
    {
        var lineHeight = font.GetHeight();
        foreach (var line in Wrap(text, font, Width, int.MaxValue))
        {
            Need(lineHeight);
            Graphics.DrawString(line, font, brush ?? Ink, new XRect(Left, _y, Width, lineHeight), XStringFormats.TopLeft);
            _y += lineHeight;
        }

        _y += spaceAfter;
    }

    /// <summary>A section heading, moved to the next page with what follows when less than <paramref name="keepWithNext"/> points of it would fit.</summary>
    public void SectionHeading(string text, double keepWithNext)
    {
        var height = Wrap(text, Heading, Width, int.MaxValue).Count * Heading.GetHeight();
        Need(6 + height + keepWithNext);
        _y += 6;
        Paragraph(text, Heading, spaceAfter: 3);
    }

    public void Space(double points) => _y = Math.Min(_y + points, Bottom);

    /// <summary>An image the full width of the text, under a heading kept with it.</summary>
    public void Figure(string heading, XImage image, double height)
    {
        SectionHeading(heading, height);
        Need(height);
        Graphics.DrawImage(image, Left, _y, Width, height);
        _y += height + 4;
    }

    /// <summary>
    /// A table under a heading. Cells wrap to at most <paramref name="maxLines"/> lines and the last one ends in an
    /// ellipsis when the text is longer. A row never splits; when it does not fit, the heading (marked continued)
    /// and the column headers are drawn again on the next page.
    /// </summary>
    public void Table(string? heading, IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<string>> rows, int maxLines = 3)
    {
        var widths = ColumnWidths(columns);
        var headerLines = columns.Select((c, i) => Wrap(c.Header, HeaderCell, widths[i] - (2 * CellPadX), 3)).ToList();
        var headerHeight = (headerLines.Max(l => l.Count) * HeaderCell.GetHeight()) + (2 * CellPadY);
        var cellLineHeight = Cell.GetHeight();

        var laidOut = rows.Select(row =>
        {
            var cells = row.Select((text, i) => Wrap(text, Cell, widths[i] - (2 * CellPadX), maxLines)).ToList();
            return (Cells: cells, Height: (cells.Max(c => c.Count) * cellLineHeight) + (2 * CellPadY));
        }).ToList();

        // A heading with a lone row under it at the foot of a page reads badly: keep the first few rows with it.
        var keep = headerHeight + laidOut.Take(3).Sum(r => r.Height);
        if (heading is not null)
        {
            SectionHeading(heading, keep);
        }
        else
        {
            Need(keep);
        }

        DrawHeader();
        for (var r = 0; r < laidOut.Count; r++)
        {
            var (cells, height) = laidOut[r];
            if (_y + height > Bottom)
            {
                NewPage();
                if (heading is not null)
                {
                    Paragraph(heading + " (continued)", Heading, spaceAfter: 3);
                }

                DrawHeader();
            }

            if (r % 2 == 1)
            {
                Graphics.DrawRectangle(Stripe, Left, _y, Width, height);
            }

            DrawCells(cells, Cell, Ink, cellLineHeight);
            _y += height;
        }

        Graphics.DrawLine(Rule, Left, _y, Left + Width, _y);
        _y += 6;

        void DrawHeader()
        {
            DrawCells(headerLines, HeaderCell, Muted, HeaderCell.GetHeight());
            _y += headerHeight;
            Graphics.DrawLine(Rule, Left, _y, Left + Width, _y);
        }

        void DrawCells(List<List<string>> cells, XFont font, XBrush brush, double lineHeight)
        {
            var x = Left;
            for (var i = 0; i < cells.Count; i++)
            {
                var format = columns[i].Numeric ? XStringFormats.TopRight : XStringFormats.TopLeft;
                var y = _y + CellPadY;
                foreach (var line in cells[i])
                {
                    Graphics.DrawString(line, font, brush, new XRect(x + CellPadX, y, widths[i] - (2 * CellPadX), lineHeight), format);
                    y += lineHeight;
                }

                x += widths[i];
            }
        }
    }

    /// <summary>Writes "Page x of y" and <paramref name="footer"/> at the foot of every page; call once, last.</summary>
    public void Finish(string footer)
    {
        _graphics?.Dispose();
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var graphics = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
            var y = PageSize.Height - MarginBottom + 12;
            var height = Small.GetHeight();
            var page = $"Page {i + 1} of {count}";
            var pageWidth = graphics.MeasureString(page, Small).Width;
            graphics.DrawLine(Rule, Left, y - 4, Left + Width, y - 4);
            var left = Wrap(footer, Small, Width - pageWidth - 12, 1, graphics);
            graphics.DrawString(left[0], Small, Muted, new XRect(Left, y, Width, height), XStringFormats.TopLeft);
            graphics.DrawString(page, Small, Muted, new XRect(Left, y, Width, height), XStringFormats.TopRight);
        }

        _graphics = null;
    }

    /// <summary>
    /// Fixed widths as given, but never narrower than the longest word of the header; flexible columns share the rest.
    /// A table that still comes out too wide is scaled down to the page.
    /// </summary>
    private double[] ColumnWidths(IReadOnlyList<PdfColumn> columns)
    {
        var widths = columns.Select(c => c.Width <= 0 ? 0 : Math.Max(c.Width,
            c.Header.Split(' ').Max(word => Graphics.MeasureString(word, HeaderCell).Width) + (2 * CellPadX) + 0.5)).ToArray();
        var shared = columns.Count(c => c.Width <= 0);
        var share = shared == 0 ? 0 : Math.Max(24, (Width - widths.Sum()) / shared);
        for (var i = 0; i < widths.Length; i++)
        {
            if (columns[i].Width <= 0)
            {
                widths[i] = share;
            }
        }

        var total = widths.Sum();
        if (total > Width)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                widths[i] *= Width / total;
            }
        }

        return widths;
    }

    private void Need(double height)
    {
        if (_y + height > Bottom && _y > MarginTop)
        {
            NewPage();
        }
    }

    private void NewPage()
    {
        _graphics?.Dispose();
        _graphics = AddPage();
    }

    private XGraphics AddPage()
    {
        var page = _document.AddPage();
        page.Width = XUnit.FromPoint(PageSize.Width);
        page.Height = XUnit.FromPoint(PageSize.Height);
        _y = MarginTop;
        return XGraphics.FromPdfPage(page);
    }

    /// <summary>
    /// Greedy word wrap to <paramref name="width"/>. A word longer than a line is broken, after a '-', '_', '.' or '/'
    /// where one falls in the second half of the line. Past <paramref name="maxLines"/> the last line ends in "…".
    /// </summary>
    private List<string> Wrap(string text, XFont font, double width, int maxLines, XGraphics? graphics = null)
    {
        var g = graphics ?? Graphics;
        bool Fits(string s) => g.MeasureString(s, font).Width <= width;

        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            if (Fits(paragraph))
            {
                lines.Add(paragraph);
                continue;
            }

            var current = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (Fits(candidate))
                {
                    current = candidate;
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current);
                }

                current = word;
                while (current.Length > 1 && !Fits(current))
                {
                    var cut = LongestFitting(current, Fits);
                    var soft = current.AsSpan(0, cut).LastIndexOfAny("-_./");
                    if (soft >= cut / 2)
                    {
                        cut = soft + 1;
                    }

                    lines.Add(current[..cut]);
                    current = current[cut..];
                }
            }

            lines.Add(current);
        }

        if (lines.Count > maxLines)
        {
            var last = string.Join(' ', lines.Skip(maxLines - 1));
            lines.RemoveRange(maxLines - 1, lines.Count - maxLines + 1);
            var length = LongestFitting(last + "…", Fits);
            while (length > 0 && !Fits(last[..Math.Min(length, last.Length)].TrimEnd() + "…"))
            {
                length--;
            }

            lines.Add(last[..Math.Min(length, last.Length)].TrimEnd() + "…");
        }

        return lines;
    }

    /// <summary>The longest prefix of <paramref name="text"/> that fits, at least one character.</summary>
    private static int LongestFitting(string text, Func<string, bool> fits)
    {
        int low = 1, high = text.Length;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (fits(text[..mid]))
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }
}
