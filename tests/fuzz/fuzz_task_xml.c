/* A scheduled task's XML (UTF-16LE), as SchRpcRegisterTask carries it:
 * the <Exec> command, its arguments and the user, entities decoded. */
#include "common.h"
#include "rpc_exec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct text command = { 0 }, arguments = { 0 }, user = { 0 };

	rpc_exec_task_xml(data, size, &command, &arguments, &user);
	fuzz_text(&command);
	fuzz_text(&arguments);
	fuzz_text(&user);
	return 0;
}
