/* Files written over SMB, remembered per destination host so that a service
 * binary path or task command naming one of them can be tied to the write
 * that staged it, on any connection to that host. Only shares whose local
 * path is known are remembered: ADMIN$ (%SystemRoot%, taken as C:\Windows)
 * and the drive shares X$. Bounded: exec_max_hosts hosts (refusals counted
 * in written_hosts_refused), WRITTEN_PER_HOST most recent files each. */
#ifndef SMBSENSOR_WRITTEN_FILES_H
#define SMBSENSOR_WRITTEN_FILES_H

#include <stddef.h>
#include <uthash.h>

#define WRITTEN_PER_HOST 16

struct written_file {
	char *local;   /* lower-case Windows path, e.g. c:\windows\abc.exe */
	char *shown;   /* share path and name as logged, e.g. \\host\ADMIN$\abc.exe */
};

struct written_host {
	char resp_h[46];
	struct written_file files[WRITTEN_PER_HOST];
	unsigned next;
	UT_hash_handle hh;
};

struct sensor;

void written_files_note(struct sensor *s, const char *resp_h, const char *share_path, const char *name);
/* The shown path of the most recent file written to resp_h whose local path
 * occurs in cmd (a binary path or command line, %SystemRoot% and %windir%
 * expanded, case ignored); NULL when none. */
const char *written_files_match(const struct sensor *s, const char *resp_h, const char *cmd, size_t len);
void written_files_free(struct sensor *s);

#endif
