// TwoLayerReLU as a Model (nn/model.ts): its parameters by name and its fused ReLU passes, for the
// trainer. Kept apart from the class so that the public TwoLayerReLU shows users only its own API.

import type { Model, ParameterSpec, Weights } from './model';
import { gradientInto, outputsPtr, stateAt } from './passes';
import type { TwoLayerReLU } from './two-layer-relu';

/** The trained parameters in the order of θ: W (m·d, row by row), then a (m) if trained, then b (m). */
export function trainedParameters(net: TwoLayerReLU): ParameterSpec[] {
  const m = net.width;
  return [
    { name: 'W', length: m * net.inputDim },
    ...(net.trainOutputLayer ? [{ name: 'a', length: m }] : []),
    ...(net.hasBias ? [{ name: 'b', length: m }] : []),
  ];
}

/** The network seen through the Model interface (throws DisposedError once it is disposed). */
export function twoLayerModel(net: TwoLayerReLU): Model {
  const st = net.liveState('train');
  return {
    rt: st.rt,
    inputDim: net.inputDim,
    trainedParameters: trainedParameters(net),
    get busy() {
      return st.busy;
    },
    set busy(value: boolean) {
      st.busy = value;
    },
    weights: (): Weights => (st.b ? { W: st.W, a: st.a, b: st.b } : { W: st.W, a: st.a }),
    outputs: (xPtr, n, at) => outputsPtr(stateAt(st, at), xPtr, n),
    gradient: (xPtr, n, dLdu, grads) => gradientInto(st, xPtr, n, dLdu, grads),
  };
}
