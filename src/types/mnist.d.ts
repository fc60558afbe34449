// The `mnist` package ships no types; ntk-dynamics reads only each class's raw pixels.
declare module 'mnist' {
  const classes: { raw: ArrayLike<number>; length: number }[];
  export default classes;
}
