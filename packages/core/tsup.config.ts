import { packageConfig } from '../../tsup.config.base'

// `crypto-node` and `crypto-web` are the two builds of `@flash/core/crypto`, chosen by export condition.
export default packageConfig({
  index: 'src/index.ts',
  node: 'src/node.ts',
  testing: 'src/testing.ts',
  'crypto-node': 'src/runtime/node.ts',
  'crypto-web': 'src/runtime/web.ts',
})
