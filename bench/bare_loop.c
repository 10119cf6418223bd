/*
 * bare_loop: the floor for reading a pcap with libpcap. Opens FILE with
 * pcap_open_offline and loops pcap_next_ex doing nothing but counting
 * packets and captured bytes. bench/run.sh compares smbsensor against it.
 *
 *   cc -O2 -o bench/work/bare_loop bench/bare_loop.c -lpcap
 *   bench/work/bare_loop FILE
 */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *hdr;
	const unsigned char *data;
	unsigned long long packets = 0, bytes = 0;
	unsigned int sum = 0;
	pcap_t *p;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE.pcap\n", argv[0]);
		return 2;
	}
	p = pcap_open_offline(argv[1], errbuf);
	if (p == NULL) {
		fprintf(stderr, "bare_loop: %s\n", errbuf);
		return 1;
	}
	while ((rc = pcap_next_ex(p, &hdr, &data)) == 1) {
		packets++;
		bytes += hdr->caplen;
		/* touch one byte so the data pointer is used */
		if (hdr->caplen > 0)
			sum += data[0];
	}
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "bare_loop: %s\n", pcap_geterr(p));
		pcap_close(p);
		return 1;
	}
	pcap_close(p);
	printf("packets %llu bytes %llu (check %u)\n", packets, bytes, sum);
	return 0;
}
