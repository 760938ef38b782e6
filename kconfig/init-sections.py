#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Boot-only placement of the Rust mediator, found from its call graph.

C code marks every boot-only function and table __init / __initconst.
Rust code cannot put section attributes in a crate that forbids unsafe
code, and section names made from mangled symbol names change with every
module rename. So the Rust side marks only its boot entry points (with
#[link_section = ".init.text"] and friends, in the crate that talks to
Xen), and this script derives the rest from the relocations of the
relocatable object: a function or read-only table that nothing resident
refers to, directly or through other code, and that boot-only code
does, is boot-only; what nothing refers to stays.

  init-sections.py script IN.o OUT.lds   write the linker script that
                                         moves the boot-only sections
  init-sections.py check IN.o            fail if resident code refers to
                                         boot-only sections

Resident roots are every allocated section Xen keeps after boot (.data*,
.bss*, plain .text and .rodata, merged constants and strings), except
the device table (.dev.info): Xen reads it only at boot, and its C
entries point at __init functions too. Only per-symbol sections
(.text.<sym>, .rodata.<sym>) can move; their contents are whole
functions or objects, so moving one cannot split anything.

What Xen keeps a pointer to after boot (the sci_mediator_ops table
handed to sci_register) is reached from C at run time, which no
relocation shows: it must live in a section that never moves (plain
.rodata, .data*). Resident data may point at a marked entry point, as C's resident
sci_mediator_ops points at an __init dom0 device-tree hook that Xen
calls only while it builds dom0; resident code may not refer to any
boot-only section, which would be a call or a load after the memory was
freed.
"""

import struct
import sys

SHT_SYMTAB = 2
SHT_RELA = 4
SHF_ALLOC = 0x2
SHF_EXECINSTR = 0x4
SHF_MERGE = 0x10
SHN_LORESERVE = 0xFF00
STB_LOCAL = 0

# Sections Xen frees after boot (xen.lds.S), and boot-time tables that
# Xen keeps but reads only while booting.
INIT_PREFIXES = (".init.",)
BOOT_TABLES = (".dev.info", ".adev.info")


class Elf:
    """The sections, symbols and relocations of an ELF64 LE object."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = f.read()
        d = self.data
        if d[:4] != b"\x7fELF" or d[4] != 2 or d[5] != 1:
            sys.exit(f"{path}: not a 64-bit little-endian ELF object")
        shoff, = struct.unpack_from("<Q", d, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", d, 0x3A)
        self.sections = []
        for i in range(shnum):
            (name, typ, flags, _addr, off, size, link, info, _align,
             entsize) = struct.unpack_from("<IIQQQQIIQQ", d,
                                           shoff + i * shentsize)
            self.sections.append(dict(name_off=name, type=typ, flags=flags,
                                      off=off, size=size, link=link,
                                      info=info, entsize=entsize))
        strtab = self.sections[shstrndx]
        for s in self.sections:
            s["name"] = self._str(strtab, s["name_off"])

    def _str(self, sec, off):
        start = sec["off"] + off
        return self.data[start:self.data.index(b"\0", start)].decode()

    def symbols(self):
        """(section index, is global) of every symbol, by symbol index."""
        for s in self.sections:
            if s["type"] == SHT_SYMTAB:
                out = []
                for i in range(s["size"] // 24):
                    _name, info, _other, shndx = struct.unpack_from(
                        "<IBBH", self.data, s["off"] + i * 24)
                    out.append((shndx, info >> 4 != STB_LOCAL))
                return out
        return []

    def global_sections(self):
        """Sections that define a symbol other objects may name."""
        return {shndx for shndx, glob in self.symbols()
                if glob and 0 < shndx < SHN_LORESERVE}

    def references(self):
        """(from section, to section) for every relocation."""
        sym_sec = [shndx for shndx, _ in self.symbols()]
        for s in self.sections:
            if s["type"] != SHT_RELA:
                continue
            for i in range(s["size"] // 24):
                info, = struct.unpack_from("<Q", self.data,
                                           s["off"] + i * 24 + 8)
                sym = info >> 32
                if sym < len(sym_sec) and 0 < sym_sec[sym] < SHN_LORESERVE:
                    yield s["info"], sym_sec[sym]


def is_init(name):
    return name.startswith(INIT_PREFIXES)


def is_movable(sec):
    name = sec["name"]
    return (name.startswith((".text.", ".rodata."))
            and not sec["flags"] & SHF_MERGE)


def reach(edges, roots, can_enter):
    """Every section reachable from roots through sections can_enter
    accepts."""
    seen = set(roots)
    todo = list(roots)
    while todo:
        for dst in edges.get(todo.pop(), ()):
            if dst not in seen and can_enter(dst):
                seen.add(dst)
                todo.append(dst)
    return seen


def boot_only(elf):
    """Indices of the movable sections that boot-only sections reach and
    nothing resident does."""
    alloc = [i for i, s in enumerate(elf.sections) if s["flags"] & SHF_ALLOC]
    edges = {}
    for src, dst in elf.references():
        edges.setdefault(src, set()).add(dst)
    names = [s["name"] for s in elf.sections]

    def movable(i):
        return is_movable(elf.sections[i])

    # A symbol other objects may name can be reached from C, which no
    # relocation here shows: such a section stays.
    exported = elf.global_sections()
    resident = reach(edges,
                     [i for i in alloc
                      if not is_init(names[i]) and names[i] not in BOOT_TABLES
                      and (not movable(i) or i in exported)],
                     movable)
    boot = reach(edges,
                 [i for i in alloc
                  if is_init(names[i]) or names[i] in BOOT_TABLES],
                 lambda i: movable(i) and i not in resident)
    return sorted(i for i in boot if movable(i))


def write_script(elf, out):
    moved = boot_only(elf)
    names = [elf.sections[i]["name"] for i in moved]
    text = [n for n in names if n.startswith(".text.")]
    rodata = [n for n in names if n.startswith(".rodata.")]

    def inputs(patterns):
        return "".join(f"\t\t*({p})\n" for p in patterns)

    with open(out, "w") as f:
        f.write("SECTIONS {\n"
                "\t.init.text : {\n\t\t*(.init.text)\n"
                + inputs(text) + "\t}\n"
                "\t.init.rodata : {\n\t\t*(.init.rodata .init.rodata.*)\n"
                + inputs(rodata) + "\t}\n"
                "\t.text : { *(.text .text.*) }\n"
                "\t/DISCARD/ : { *(.llvmbc) *(.llvmcmd) }\n"
                "}\n")


def check(elf, path):
    names = [s["name"] for s in elf.sections]
    code = SHF_ALLOC | SHF_EXECINSTR
    bad = sorted({(names[src], names[dst]) for src, dst in elf.references()
                  if elf.sections[src]["flags"] & code == code
                  and not is_init(names[src])
                  and is_init(names[dst])})
    for src, dst in bad:
        print(f"{path}: resident {src} refers to boot-only {dst}",
              file=sys.stderr)
    return 1 if bad else 0


def main(argv):
    if len(argv) == 4 and argv[1] == "script":
        write_script(Elf(argv[2]), argv[3])
        return 0
    if len(argv) == 3 and argv[1] == "check":
        return check(Elf(argv[2]), argv[2])
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
