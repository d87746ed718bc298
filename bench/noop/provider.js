// The trivial provider: no API, no SDK. When CLOUDTASKS_BENCH_FIRST_CALL names a file, the time of
// the first create and of the first delete of each process is appended to it ("create <ms>",
// "delete <ms>"): the baseline of the cold-start figure, and when the engine first hands a provider
// work at this N (row 1b: paced calls cannot start before it).
const { appendFileSync } = require("fs");

let created = 0;
let deleted = 0;

function mark(kind) {
  if (process.env.CLOUDTASKS_BENCH_FIRST_CALL) appendFileSync(process.env.CLOUDTASKS_BENCH_FIRST_CALL, `${kind} ${Date.now()}\n`);
}

exports.create = async (inputs) => {
  created += 1;
  if (created === 1) mark("create");
  return { id: `noop-${process.pid}-${created}`, outs: inputs };
};
exports.read = async (id, props) => ({ id, props });
exports.update = async (_id, _olds, news) => ({ outs: news });
exports.delete = async () => {
  deleted += 1;
  if (deleted === 1) mark("delete");
};
