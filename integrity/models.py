"""The integrity registers (built by the registers work)."""
