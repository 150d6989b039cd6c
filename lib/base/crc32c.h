/* crc32c.h — CRC-32C (Castagnoli), the checksum of iSCSI, ext4 and
 * Btrfs: it catches every burst error up to 32 bits, so any single flipped
 * byte. Used for model-file integrity. */
#ifndef SA_CRC32C_H
#define SA_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* Continues the CRC crc (0 to start) over n bytes at data and returns it;
 * crc32c_update(0, "123456789", 9) == 0xE3069283. Takes the crc32
 * instruction when the CPU has SSE4.2 and the kernel path
 * (base/kernel_path.h) is not generic, else the portable code: the same
 * value either way. Thread-safe. */
uint32_t crc32c_update(uint32_t crc, const void *data, size_t n);

/* The two ways, for the tests: crc32c_hardware only where
 * crc32c_hardware_supported() says 1 (SSE4.2). */
uint32_t crc32c_portable(uint32_t crc, const void *data, size_t n);
uint32_t crc32c_hardware(uint32_t crc, const void *data, size_t n);
int crc32c_hardware_supported(void);

#endif
