/* test_crc32c.c — CRC-32C against published check values, and the crc32
 * instruction against the portable slicing-by-8 on every length and
 * alignment that takes a different branch. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/crc32c.h"
#include "base/kernel_path.h"
#include "harness.h"

typedef uint32_t (*crc_fn)(uint32_t, const void *, size_t);

/* RFC 3720 (iSCSI) appendix B.4 test vectors and the "123456789" check. */
static void known_answers(const char *name, crc_fn crc)
{
    unsigned char buf[32];
    CHECK(crc(0, "123456789", 9) == 0xE3069283u, "%s: \"123456789\" -> e3069283", name);
    memset(buf, 0, sizeof buf);
    CHECK(crc(0, buf, 32) == 0x8A9136AAu, "%s: 32 zero bytes -> 8a9136aa", name);
    memset(buf, 0xff, sizeof buf);
    CHECK(crc(0, buf, 32) == 0x62A8AB43u, "%s: 32 0xff bytes -> 62a8ab43", name);
    for (int i = 0; i < 32; i++)
        buf[i] = (unsigned char)i;
    CHECK(crc(0, buf, 32) == 0x46DD794Eu, "%s: bytes 0..31 -> 46dd794e", name);
    for (int i = 0; i < 32; i++)
        buf[i] = (unsigned char)(31 - i);
    CHECK(crc(0, buf, 32) == 0x113FDB5Cu, "%s: bytes 31..0 -> 113fdb5c", name);
    CHECK(crc(0, buf, 0) == 0, "%s: no bytes -> 0", name);
    /* continuing over a split gives the CRC of the whole */
    CHECK(crc(crc(0, "1234", 4), "56789", 5) == 0xE3069283u, "%s: split 4 + 5 continues", name);
}

/* Every length 0..40 at every alignment 0..7, and one long buffer: the
 * hardware path equals the portable one. */
static void hardware_matches_portable(void)
{
    enum { LONG = 100003 };
    unsigned char *buf = malloc(LONG + 8);
    uint32_t x = 12345;
    for (size_t i = 0; i < LONG + 8; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (unsigned char)(x >> 16);
    }
    int mismatches = 0;
    for (size_t off = 0; off < 8; off++)
        for (size_t n = 0; n <= 40; n++)
            mismatches += crc32c_hardware(7, buf + off, n) != crc32c_portable(7, buf + off, n);
    CHECK(mismatches == 0, "crc32 instruction = slicing-by-8 on 328 length/alignment cases");
    CHECK(crc32c_hardware(0, buf + 3, LONG) == crc32c_portable(0, buf + 3, LONG),
          "crc32 instruction = slicing-by-8 on %d unaligned bytes", LONG);
    free(buf);
}

int main(void)
{
    known_answers("portable", crc32c_portable);
    known_answers("crc32c_update", crc32c_update);
    if (crc32c_hardware_supported()) {
        known_answers("hardware", crc32c_hardware);
        hardware_matches_portable();
    } else {
        printf("ok skip crc32 instruction (this CPU has no SSE4.2)\n");
    }
    return test_summary();
}
