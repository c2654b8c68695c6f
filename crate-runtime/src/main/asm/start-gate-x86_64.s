# crate's start gate for x86-64 Linux: what a created container's process is between
# `crate create` and `crate start`, instead of the init JVM (see StartGate.java).
# The bytes in StartGate.X86_64_CODE are this file's .text, built as StartGateTest does:
#   as --64 -o gate.o start-gate-x86_64.s && ld -N -e _start -o gate gate.o
#   objcopy -O binary -j .text gate gate.bin
# Position-independent: only rip-relative addressing, so it runs wherever the ELF loads it.
#
# argv: [gate, FIFO, FIFO_FD, EXECUTABLE, ARG0, ARG1, ...]; envp: the process's environment.
#   FIFO      the exec FIFO, as /proc/self/fd/FIFO_FD (opening it for writing blocks until
#             `crate start` opens it for reading)
#   FIFO_FD   the O_PATH fd of the FIFO, in decimal, closed before the process runs
# Writes '0' (InitProtocol.STARTED) on the FIFO, then execve(EXECUTABLE, [ARG0, ...], envp);
# the FIFO is opened close-on-exec, so start reads end of file once the process runs. If
# execve fails: 'F' (InitProtocol.NOT_EXECUTED), one line on stderr, exit 127 (ENOENT) or 126.
# Cannot open the FIFO: exit 1. HUP, INT, QUIT, USR1, USR2, PIPE, ALRM and TERM end it with
# 128+N while it waits (as they ended the JVM), also as PID 1 of a PID namespace, where a
# signal without a handler is ignored; execve resets the handlers for the process.
    .intel_syntax noprefix
    .globl _start
_start:
    # exit with 128+N on the signals that end a process by default and that a runtime sends
    sub rsp, 32                      # struct kernel_sigaction {handler, flags, restorer, mask}
    lea rax, [rip + on_signal]
    mov [rsp], rax
    mov qword ptr [rsp + 8], 0x04000000   # SA_RESTORER (required on x86-64; never returned to)
    mov [rsp + 16], rax
    mov qword ptr [rsp + 24], 0
    mov ebx, 1
1:  mov eax, 0xF40E                  # HUP INT QUIT USR1 USR2 PIPE ALRM TERM: bits 1 2 3 10 12 13 14 15
    bt eax, ebx
    jnc 2f
    mov edi, ebx
    mov rsi, rsp
    xor edx, edx
    mov r10d, 8
    mov eax, 13                      # rt_sigaction
    syscall
2:  inc ebx
    cmp ebx, 16
    jb 1b
    add rsp, 32
    # open the FIFO for writing: blocks until start opens it for reading
    mov rdi, -100                    # AT_FDCWD
    mov rsi, [rsp + 16]
    mov edx, 0x80001                 # O_WRONLY | O_CLOEXEC
    mov eax, 257                     # openat (what any libc's open is)
    syscall
    test rax, rax
    js fail_open
    mov r12, rax
    lea rsi, [rip + started]
    mov edx, 1
    mov rdi, r12
    mov eax, 1                       # write
    syscall
    # close the O_PATH fd of the FIFO (its number is argv[2], in decimal)
    mov rsi, [rsp + 24]
    xor edi, edi
3:  movzx eax, byte ptr [rsi]
    test eax, eax
    jz 4f
    imul edi, edi, 10
    lea edi, [rdi + rax - 48]
    inc rsi
    jmp 3b
4:  mov eax, 3                       # close
    syscall
    # execve(argv[3], &argv[4], envp)
    mov rcx, [rsp]
    mov rdi, [rsp + 32]
    lea rsi, [rsp + 40]
    lea rdx, [rsp + rcx * 8 + 16]
    mov eax, 59                      # execve
    syscall
    # it failed: 'F' on the FIFO, a line on stderr, 127 if not found, else 126
    mov r13, rax
    lea rsi, [rip + failed]
    mov edx, 1
    mov rdi, r12
    mov eax, 1
    syscall
    lea rsi, [rip + message]
    mov edx, message_end - message
    mov edi, 2
    mov eax, 1
    syscall
    mov edi, 126
    cmp r13, -2                      # -ENOENT
    jne 5f
    mov edi, 127
5:  mov eax, 231                     # exit_group
    syscall
fail_open:
    mov edi, 1
    mov eax, 231
    syscall
on_signal:                           # edi = the signal
    add edi, 128
    mov eax, 231
    syscall
started: .byte '0'
failed:  .byte 'F'
message: .ascii "crate: cannot execute the container's process\n"
message_end:
