import { packageConfig } from '../../tsup.config.base'

export default packageConfig({
  index: 'src/index.ts',
  'connect-flash': 'src/connect-flash.ts',
  testing: 'src/testing.ts',
})
