export default {
  en: {
    title: 'Sign in to Kumo',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    show: 'Show password',
    hide: 'Hide password',
    capsLock: 'Caps Lock is on',
    firstRun: 'First start? The admin password was printed by kumo serve (or set with KUMO_ADMIN_PASSWORD).',
  },
  'zh-CN': {
    title: '登录 Kumo',
    username: '用户名',
    password: '密码',
    submit: '登录',
    show: '显示密码',
    hide: '隐藏密码',
    capsLock: '大写锁定已开启',
    firstRun: '首次启动？管理员密码由 kumo serve 打印（或通过 KUMO_ADMIN_PASSWORD 设置）。',
  },
}
