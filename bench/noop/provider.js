// The trivial provider: no API, no SDK. When CLOUDTASKS_BENCH_FIRST_CALL names a file, the time of
// the first create is appended to it (the baseline of the benchmark's cold-start figure).
const { appendFileSync } = require("fs");

let created = 0;

exports.create = async (inputs) => {
  created += 1;
  if (created === 1 && process.env.CLOUDTASKS_BENCH_FIRST_CALL) appendFileSync(process.env.CLOUDTASKS_BENCH_FIRST_CALL, `${Date.now()}\n`);
  return { id: `noop-${process.pid}-${created}`, outs: inputs };
};
exports.read = async (id, props) => ({ id, props });
exports.update = async (_id, _olds, news) => ({ outs: news });
exports.delete = async () => {};
