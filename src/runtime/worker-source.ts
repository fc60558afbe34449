// The code each worker thread of the pool runs, as a string: a Node worker_threads worker is
// started from it with `eval: true`, a browser's Web Worker from a Blob URL of it, so that the
// bundle needs no separate worker file and no path. It instantiates the kernels' module over the
// shared memory and runs worker_loop, which sleeps until the caller has a job. A part that throws
// (a Wasm trap) is described in the control block and reported through worker_failed, so that the
// caller's call fails with that message; the worker then goes back to waiting.

export const WORKER_SOURCE = String.raw`
'use strict';
function start(data, post) {
  var module = data.module, memory = data.memory, control = data.control, id = data.id;
  WebAssembly.instantiate(module, { env: { memory: memory } }).then(function (instance) {
    var k = instance.exports;
    var messageAt = control + k.parallel_message_offset();
    post({ type: 'ready', id: id });
    for (;;) {
      try {
        k.worker_loop(control, id);
        break;
      } catch (error) {
        var text = String(error && error.message ? error.message : error).slice(0, 200);
        var bytes = new TextEncoder().encode(text);
        var view = new Uint8Array(memory.buffer, messageAt, 256);
        view.fill(0);
        view.set(bytes.subarray(0, 255));
        k.worker_failed(control);
      }
    }
    post({ type: 'exit', id: id });
  }, function (error) {
    post({ type: 'error', id: id, message: String(error && error.message ? error.message : error) });
  });
}
var node = typeof globalThis.process === 'object' ? globalThis.process : undefined;
if (node && node.versions && node.versions.node) {
  // no require() where the worker inherits --input-type=module; getBuiltinModule (Node ≥ 20.16)
  // or import() work either way (the specifier is built, so that no bundler follows it)
  var name = ['node', 'worker_threads'].join(':');
  var load = typeof node.getBuiltinModule === 'function' ? Promise.resolve(node.getBuiltinModule(name)) : import(name);
  load.then(function (threads) {
    start(threads.workerData, function (m) { threads.parentPort.postMessage(m); });
  });
} else {
  self.onmessage = function (event) { start(event.data, function (m) { self.postMessage(m); }); };
}
`;
