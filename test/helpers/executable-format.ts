// The format and CPU of a native executable, from its header: ELF (Linux), Mach-O (macOS), PE (Windows).
export interface ExecutableFormat {
  format: "ELF" | "Mach-O" | "PE" | "unknown";
  arch: "x64" | "arm64" | "other";
}

export function executableFormat(bytes: Buffer): ExecutableFormat {
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    // e_machine, little-endian in both targets: 0x3e x86-64, 0xb7 AArch64.
    const machine = bytes.readUInt16LE(18);
    return { format: "ELF", arch: machine === 0x3e ? "x64" : machine === 0xb7 ? "arm64" : "other" };
  }
  if (bytes.length >= 8 && bytes.readUInt32LE(0) === 0xfeedfacf) {
    // cputype: CPU_TYPE_X86_64 0x01000007, CPU_TYPE_ARM64 0x0100000c.
    const cpu = bytes.readUInt32LE(4);
    return { format: "Mach-O", arch: cpu === 0x01000007 ? "x64" : cpu === 0x0100000c ? "arm64" : "other" };
  }
  if (bytes.length >= 64 && bytes.toString("latin1", 0, 2) === "MZ") {
    const pe = bytes.readUInt32LE(0x3c);
    if (bytes.length >= pe + 6 && bytes.toString("latin1", pe, pe + 4) === "PE\0\0") {
      // IMAGE_FILE_HEADER.Machine: 0x8664 AMD64, 0xaa64 ARM64.
      const machine = bytes.readUInt16LE(pe + 4);
      return { format: "PE", arch: machine === 0x8664 ? "x64" : machine === 0xaa64 ? "arm64" : "other" };
    }
  }
  return { format: "unknown", arch: "other" };
}
