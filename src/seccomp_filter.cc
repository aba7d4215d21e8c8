#include "seccomp_filter.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

#include "syscall_table.h"
#include "util.h"

namespace {

sock_filter Statement(uint16_t code, uint32_t k) { return BPF_STMT(code, k); }
sock_filter Jump(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf) {
  return BPF_JUMP(code, k, jt, jf);
}

constexpr uint32_t kTrace = SECCOMP_RET_TRACE;
constexpr uint32_t kAllow = SECCOMP_RET_ALLOW;

void Append(BpfProgram* to, const BpfProgram& code) {
  to->insert(to->end(), code.begin(), code.end());
}

/// What the filter does for one traced number: trace it, except (for some probes) when the
/// flags say AT_EMPTY_PATH.
BpfProgram TraceAction(const SyscallSpec& spec) {
  if (!SkipsEmptyPath(spec)) return {Statement(BPF_RET | BPF_K, kTrace)};
  // The low half of a 64-bit argument (x86 is little-endian).
  uint32_t flags_offset = offsetof(seccomp_data, args) + sizeof(uint64_t) * spec.flags;
  return {Statement(BPF_LD | BPF_W | BPF_ABS, flags_offset),
          Jump(BPF_JMP | BPF_JSET | BPF_K, AT_EMPTY_PATH, 0, 1), Statement(BPF_RET | BPF_K, kAllow),
          Statement(BPF_RET | BPF_K, kTrace)};
}

using NumberedSpec = std::pair<uint32_t, const SyscallSpec*>;

/// Linear checks for a few numbers, then allow.
BpfProgram Leaves(const NumberedSpec* begin, const NumberedSpec* end) {
  BpfProgram code;
  for (const NumberedSpec* it = begin; it != end; ++it) {
    BpfProgram action = TraceAction(*it->second);
    code.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, it->first, 0, action.size()));
    Append(&code, action);
  }
  code.push_back(Statement(BPF_RET | BPF_K, kAllow));
  return code;
}

/// A binary search over sorted numbers; the accumulator holds the call number. The far
/// branch is a BPF_JA, whose offset is 32 bits (a conditional jump reaches only 255).
BpfProgram SearchTree(const NumberedSpec* begin, const NumberedSpec* end) {
  if (end - begin <= 4) return Leaves(begin, end);
  const NumberedSpec* middle = begin + (end - begin) / 2;
  BpfProgram left = SearchTree(begin, middle);
  BpfProgram code = {Jump(BPF_JMP | BPF_JGE | BPF_K, middle->first, 0, 1),
                     Statement(BPF_JMP | BPF_JA, left.size())};
  Append(&code, left);
  Append(&code, SearchTree(middle, end));
  return code;
}

BpfProgram AbiBlock(bool i386) {
  std::vector<NumberedSpec> numbers;
  for (const SyscallSpec& spec : AllSyscallSpecs()) {
    int nr = i386 ? spec.i386 : spec.x86_64;
    if (nr >= 0) numbers.emplace_back(nr, &spec);
  }
  BpfProgram code = {Statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr))};
  if (!i386) {
    // x32 processes share this arch value and set a bit in the number: strip it, and
    // trace x32's own execve numbers too (harmless for x86_64, where they do not exist).
    code.push_back(Jump(BPF_JMP | BPF_JSET | BPF_K, kX32Bit, 0, 1));
    code.push_back(Statement(BPF_ALU | BPF_AND | BPF_K, ~kX32Bit));
    numbers.emplace_back(kX32Execve, FindSpec(AUDIT_ARCH_X86_64, SYS_execve));
    numbers.emplace_back(kX32Execveat, FindSpec(AUDIT_ARCH_X86_64, SYS_execveat));
  }
  std::sort(numbers.begin(), numbers.end());
  Append(&code, SearchTree(numbers.data(), numbers.data() + numbers.size()));
  return code;
}

}  // namespace

BpfProgram BuildFilter() {
  // Layout: the arch checks, x86_64's block, i386's block.
  BpfProgram x86_64 = AbiBlock(false);
  BpfProgram code = {
      Statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      Jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 1),
      Statement(BPF_JMP | BPF_JA, 3),  // to x86_64's block
      Jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 1),
      Statement(BPF_JMP | BPF_JA, static_cast<uint32_t>(x86_64.size()) + 1),  // to i386's
      Statement(BPF_RET | BPF_K, kTrace)};
  Append(&code, x86_64);
  Append(&code, AbiBlock(true));
  if (code.size() > BPF_MAXINSNS) Fatal("seccomp filter too long: %zu", code.size());
  return code;
}

// SECCOMP_FILTER_FLAG_SPEC_ALLOW: seccomp forced speculation mitigations on every filtered
// process by default before Linux 5.16, slowing everything the session runs. Kernels that
// lack seccomp(2) or the flag get prctl(PR_SET_SECCOMP), with the mitigations.
int InstallFilter(const BpfProgram& filter) {
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
  sock_fprog program{static_cast<unsigned short>(filter.size()),
                     const_cast<sock_filter*>(filter.data())};
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_SPEC_ALLOW, &program) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS) return errno;
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0 ? 0 : errno;
}
