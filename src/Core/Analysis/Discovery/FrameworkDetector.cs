using System.Text.RegularExpressions;

namespace MigrationTracker.Core.Analysis.Discovery;

/// <summary>
/// Tells which framework a C/C++ driver is written against from the libraries it links and the
/// headers it includes. When several show, the one hardest to port to Rust wins.
/// </summary>
public static partial class FrameworkDetector
{
    /// <summary>
    /// Hardest first: windows-drivers-rs has no bindings for the first ones at all (NDIS,
    /// minifilter, WFP, AVStream, Storport, PortCls, NetAdapterCx, ACX, WSK); HID, USB, SPB and GPIO
    /// have API subsets.
    /// </summary>
    public static IReadOnlyList<DriverFramework> Precedence { get; } =
    [
        DriverFramework.Ndis, DriverFramework.FileSystemMinifilter, DriverFramework.Wfp, DriverFramework.AvStream,
        DriverFramework.Storport, DriverFramework.PortCls, DriverFramework.NetAdapterCx, DriverFramework.Acx,
        DriverFramework.Wsk, DriverFramework.Hid, DriverFramework.Usb, DriverFramework.Spb, DriverFramework.Gpio,
    ];

    private static readonly Dictionary<string, DriverFramework> Libraries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ndis.lib"] = DriverFramework.Ndis,
        ["fltmgr.lib"] = DriverFramework.FileSystemMinifilter,
        ["fwpkclnt.lib"] = DriverFramework.Wfp,
        ["ks.lib"] = DriverFramework.AvStream,
        ["storport.lib"] = DriverFramework.Storport,
        ["portcls.lib"] = DriverFramework.PortCls,
        ["netadaptercxstub.lib"] = DriverFramework.NetAdapterCx,
        ["acxstub.lib"] = DriverFramework.Acx,
        ["netio.lib"] = DriverFramework.Wsk,
        ["hidclass.lib"] = DriverFramework.Hid,
        ["hidparse.lib"] = DriverFramework.Hid,
        ["vhfkm.lib"] = DriverFramework.Hid,
        ["usbd.lib"] = DriverFramework.Usb,
        ["ucxstub.lib"] = DriverFramework.Usb,
        ["ufxstub.lib"] = DriverFramework.Usb,
        ["spbcxstubs.lib"] = DriverFramework.Spb,
        ["msgpioclxstub.lib"] = DriverFramework.Gpio,
    };

    private static readonly Dictionary<string, DriverFramework> Headers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ndis.h"] = DriverFramework.Ndis,
        ["fltkernel.h"] = DriverFramework.FileSystemMinifilter,
        ["fwpsk.h"] = DriverFramework.Wfp,
        ["fwpmk.h"] = DriverFramework.Wfp,
        ["storport.h"] = DriverFramework.Storport,
        ["portcls.h"] = DriverFramework.PortCls,
        ["netadaptercx.h"] = DriverFramework.NetAdapterCx,
        ["acx.h"] = DriverFramework.Acx,
        ["wsk.h"] = DriverFramework.Wsk,
        ["hidport.h"] = DriverFramework.Hid,
        ["hidclass.h"] = DriverFramework.Hid,
        ["vhf.h"] = DriverFramework.Hid,
        ["usb.h"] = DriverFramework.Usb,
        ["usbdlib.h"] = DriverFramework.Usb,
        ["wdfusb.h"] = DriverFramework.Usb,
        ["ucxclass.h"] = DriverFramework.Usb,
        ["ufxclient.h"] = DriverFramework.Usb,
        ["spb.h"] = DriverFramework.Spb,
        ["spbcx.h"] = DriverFramework.Spb,
        ["gpioclx.h"] = DriverFramework.Gpio,
    };

    /// <summary>
    /// <c>&lt;ks.h&gt;</c> alone is weak: PortCls and ACX audio drivers include it too, so it
    /// counts only when nothing stronger shows. AVStream minidrivers also link ks.lib.
    /// </summary>
    private const string WeakAvStreamHeader = "ks.h";

    /// <summary>The signals in one file's <c>#include</c> lines.</summary>
    public static IEnumerable<FrameworkSignal> FromIncludes(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var number = 0;
        var includes = new List<IncludeDirective>();
        foreach (var line in text.Split('\n'))
        {
            number++;
            var match = IncludeLine().Match(line);
            if (match.Success)
            {
                includes.Add(new IncludeDirective(number, match.Groups[1].Value));
            }
        }

        return FromIncludes(path, includes);
    }

    /// <summary>The signals of a file's <c>#include</c> lines, already extracted.</summary>
    public static IEnumerable<FrameworkSignal> FromIncludes(string path, IReadOnlyList<IncludeDirective> includes)
    {
        ArgumentNullException.ThrowIfNull(includes);
        foreach (var (number, name) in includes)
        {
            var header = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
            if (Headers.TryGetValue(header, out var framework))
            {
                yield return new FrameworkSignal(framework, $"#include <{header}>", new SourceLocation(path, number));
            }
            else if (string.Equals(header, WeakAvStreamHeader, StringComparison.OrdinalIgnoreCase))
            {
                yield return new FrameworkSignal(DriverFramework.AvStream, $"#include <{header}>", new SourceLocation(path, number));
            }
        }
    }

    /// <summary>The signal of one linked library, or null when it names no framework.</summary>
    public static FrameworkSignal? FromLibrary(string library, SourceLocation projectLine) =>
        Libraries.TryGetValue(library, out var framework) ? new FrameworkSignal(framework, library, projectLine) : null;

    /// <summary>The framework that wins among the signals, with the locations that show it.</summary>
    public static (DriverFramework Framework, IReadOnlyList<SourceLocation> Evidence) Choose(IReadOnlyCollection<FrameworkSignal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var strong = signals.Where(s => !IsWeak(s)).ToList();
        var usable = strong.Count > 0 ? strong : signals.ToList();
        foreach (var framework in Precedence)
        {
            var evidence = usable.Where(s => s.Framework == framework).Select(s => s.Location).Distinct().ToList();
            if (evidence.Count > 0)
            {
                return (framework, evidence);
            }
        }

        return (DriverFramework.None, []);
    }

    private static bool IsWeak(FrameworkSignal signal) =>
        signal.Marker.EndsWith("<" + WeakAvStreamHeader + ">", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\s*#\s*include\s*[<""]([^>""]+)[>""]", RegexOptions.CultureInvariant)]
    private static partial Regex IncludeLine();
}
