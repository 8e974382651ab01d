namespace MigrationTracker.Core.Analysis;

/// <summary>
/// The framework a driver is written against, beyond its driver model, as its includes and
/// linked libraries show it. <see cref="None"/> means plain KMDF, UMDF or WDM.
/// </summary>
public enum DriverFramework
{
    None = 0,
    Ndis = 1,
    FileSystemMinifilter = 2,
    Wfp = 3,
    AvStream = 4,
    Storport = 5,
    PortCls = 6,
    NetAdapterCx = 7,
    Acx = 8,
    Wsk = 9,
    Hid = 10,
    Usb = 11,
    Spb = 12,
    Gpio = 13,
}
