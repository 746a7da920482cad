from people.importing import accounts_import

from ._importing import ImportCommand


class Command(ImportCommand):
    help = "匯入帳號清單（帳號、姓名、e-mail、角色、學校代碼、密碼）。"
    service = staticmethod(accounts_import)
