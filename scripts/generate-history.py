#!/usr/bin/env python3
"""Generates a synthetic driver repository shaped like Microsoft's Windows-driver-samples, for the
history benchmark where no fetched copy exists: DRIVERS driver projects (KMDF, WDM, UMDF; .vcxproj,
.inf, .c and .h files with the constructs the analysis counts), a first-parent history of COMMITS
dated commits over YEARS years, each changing a few files, some adding Rust ports (Cargo.toml with
WDK metadata). Deterministic for a given seed.
usage: generate-history.py DEST_GIT_DIR [DRIVERS=150] [COMMITS=556] [YEARS=10] [SEED=7]
"""
import random, subprocess, sys, time

dest = sys.argv[1]
drivers = int(sys.argv[2]) if len(sys.argv) > 2 else 150
commits = int(sys.argv[3]) if len(sys.argv) > 3 else 556
years = int(sys.argv[4]) if len(sys.argv) > 4 else 10
rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 7)

MODELS = [("KMDF", "Driver", "KMDF"), ("WDM", "Driver", "WDM"), ("UMDF", "DynamicLibrary", "UMDF")]
AREAS = ["general", "storage", "network", "usb", "hid", "audio", "serial", "filesys", "sensors", "power"]

def vcxproj(name, model, sources, headers):
    kind, config, driver_type = model
    toolset = "WindowsUserModeDriver10.0" if kind == "UMDF" else "WindowsKernelModeDriver10.0"
    items = "\n".join(f'    <ClCompile Include="{s}" />' for s in sources)
    heads = "\n".join(f'    <ClInclude Include="{h}" />' for h in headers)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup Label="Configuration">
    <TargetName>{name}</TargetName>
    <ConfigurationType>{config}</ConfigurationType>
    <DriverType>{driver_type}</DriverType>
    <PlatformToolset>{toolset}</PlatformToolset>
  </PropertyGroup>
  <ItemGroup>
{items}
  </ItemGroup>
  <ItemGroup>
{heads}
  </ItemGroup>
  <ItemGroup>
    <Inf Include="{name}.inf" />
  </ItemGroup>
</Project>
"""

def inf(name, model):
    service = "UmdfService" if model[0] == "UMDF" else "KmdfService"
    return f"""; {name}.inf
[Version]
Signature="$WINDOWS NT$"
Class=Sample
[Manufacturer]
%Mfg%=Standard,NT$ARCH$
[Standard.NT$ARCH$]
%Desc%={name}_Install,Root\\{name.upper()}
[{name}_Install.NT.Wdf]
{service}={name},{name}_Service
[Strings]
Mfg="Contoso"
Desc="{name} device"
"""

def c_file(name, index, revision):
    body = [f"/*++\n    {name} part {index}, revision {revision}\n--*/", f'#include "{name}.h"', f'#include "{name}.tmh"', ""]
    body.append("#ifdef ALLOC_PRAGMA\n#pragma alloc_text(PAGE, %sRoutine%d_0)\n#endif\n" % (name, index))
    for f in range(rng.randint(8, 30)):
        lines = [f"NTSTATUS\n{name}Routine{index}_{f}(\n    _In_ PVOID Context,\n    _In_ ULONG Length\n    )\n{{",
                 "    NTSTATUS status = STATUS_SUCCESS;", "    PUCHAR buffer = (PUCHAR)Context;", "    PAGED_CODE();", ""]
        for s in range(rng.randint(4, 25)):
            choice = rng.random()
            if choice < 0.2:
                lines.append(f"    if (Length > {s}) {{\n        buffer[{s}] = (UCHAR)(Length & 0x{s:02x}); // step {s}\n    }}")
            elif choice < 0.3:
                lines.append(f"    if (!NT_SUCCESS(status)) {{\n        goto Exit;\n    }}")
            elif choice < 0.35:
                lines.append("    __try {\n        RtlCopyMemory(buffer, Context, Length);\n    } __except (EXCEPTION_EXECUTE_HANDLER) {\n        status = GetExceptionCode();\n    }")
            elif choice < 0.5:
                lines.append(f"    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, \"%!FUNC! step {s}\");")
            else:
                lines.append(f"    status = {name}Helper{s % 5}(buffer + {s}, Length - {s});")
        lines.append("Exit:\n    return status;\n}\n")
        body.append("\n".join(lines))
    return "\n".join(body) + "\n"

def h_file(name):
    return f"""#pragma once
#include <ntddk.h>
#include <wdf.h>

typedef struct _{name.upper()}_CONTEXT {{
    WDFQUEUE Queue;
    ULONG Flags : 4;
    ULONG Reserved : 28;
    LIST_ENTRY Pending;
    KSPIN_LOCK Lock;
}} {name.upper()}_CONTEXT, *P{name.upper()}_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME({name.upper()}_CONTEXT, {name}GetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD {name}EvtDeviceAdd;
#define {name.upper()}_TAG(x) ((ULONG)(x))
"""

def cargo(name):
    return f"""[package]
name = "{name}-rs"
version = "0.1.0"
edition = "2021"

[package.metadata.wdk.driver-model]
driver-type = "KMDF"
kmdf-version-major = 1
target-kmdf-version-minor = 33

[lib]
crate-type = ["cdylib"]
"""

def lib_rs(name, revision):
    parts = [f"//! {name} port, revision {revision}", "#![no_std]", "use wdk_sys::*;", ""]
    for f in range(rng.randint(5, 15)):
        if rng.random() < 0.4:
            parts.append(f"fn helper_{f}(p: *mut u8, len: usize) {{\n    unsafe {{\n        core::ptr::write_bytes(p, 0, len);\n    }}\n}}\n")
        else:
            parts.append(f"fn helper_{f}(len: usize) -> usize {{\n    len.saturating_mul({f + 1})\n}}\n")
    return "\n".join(parts)

def rust_inf(name):
    return inf(name, MODELS[0]).replace(f"{name}_Install", f"{name}rs_Install")

files = {}
projects = []
for d in range(drivers):
    area = AREAS[d % len(AREAS)]
    name = f"drv{d:03d}"
    model = MODELS[0] if d % 10 < 6 else MODELS[1] if d % 10 < 9 else MODELS[2]
    folder = f"{area}/{name}"
    sources = [f"{name}_{i}.c" for i in range(rng.randint(3, 12))]
    headers = [f"{name}.h"]
    projects.append((folder, name, sources))
    files[f"{folder}/{name}.vcxproj"] = vcxproj(name, model, sources, headers)
    files[f"{folder}/{name}.inf"] = inf(name, model)
    files[f"{folder}/{name}.h"] = h_file(name)
    for i, s in enumerate(sources):
        files[f"{folder}/{s}"] = c_file(name, i, 0)
    files[f"{folder}/README.md"] = f"# {name}\n\nSample driver.\n"

subprocess.run(["git", "init", "-q", "--bare", dest], check=True)
fi = subprocess.Popen(["git", "--git-dir", dest, "fast-import", "--quiet"], stdin=subprocess.PIPE)
out = fi.stdin
def data(text):
    raw = text.encode()
    out.write(b"data %d\n" % len(raw) + raw + b"\n")

start = int(time.mktime((2015, 3, 1, 12, 0, 0, 0, 0, 0)))
span = years * 365 * 24 * 3600
for n in range(commits):
    when = start + span * n // commits + rng.randint(0, 3600)
    changed = {}
    if n == 0:
        changed = files
    else:
        for _ in range(rng.randint(1, 6)):
            folder, name, sources = rng.choice(projects)
            i = rng.randrange(len(sources))
            changed[f"{folder}/{sources[i]}"] = c_file(name, i, n)
        if n % 9 == 0:
            folder, name, _ = rng.choice(projects)
            port = f"rust/{name}"
            changed[f"{port}/Cargo.toml"] = cargo(name)
            changed[f"{port}/src/lib.rs"] = lib_rs(name, n)
            changed[f"{port}/{name}.inx"] = rust_inf(name)
    out.write(b"commit refs/heads/main\n")
    out.write(b"committer Synthetic Maintainer <maintainer@example.com> %d +0000\n" % when)
    data(f"Change {n}")
    for path, text in sorted(changed.items()):
        out.write(f"M 100644 inline {path}\n".encode())
        data(text)
    out.write(b"\n")
out.close()
fi.wait()
subprocess.run(["git", "--git-dir", dest, "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
print(f"{commits} commits, {len(files)} files at the start, {drivers} drivers in {dest}")
